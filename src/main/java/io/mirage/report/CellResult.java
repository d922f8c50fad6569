package io.mirage.report;

import io.mirage.stats.ConfidenceSequence;
import io.mirage.stats.Interval;
import io.mirage.stats.Proportions;

/**
 * One behaviour's result in one model × condition cell. {@code n} counts valid rollouts (a yes or
 * no verdict) and is the rate's denominator; indeterminate and not-yet-run rollouts are counted
 * apart and never as "no". {@code observed} counts the indeterminate rollouts in which the world
 * recorded the act before the rollout ended abnormally. {@code stopped} is set when early stopping
 * ended the cell's sampling (null for a fixed-size cell).
 */
public record CellResult(String model, String conditionId, String behaviour, boolean harmful, int planned,
                         int n, int k, int indeterminate, int pending, int observed, Stopped stopped) {

    /** Confidence of every interval a cell reports. */
    public static final double CONFIDENCE = 0.95;

    /**
     * How early stopping ended a cell: the decision (above, below, undecided at the cap, mixed), the
     * samples consumed when it was made, and the valid rollouts stored after them — those already
     * in flight at the decision, which by the rule fixed in advance are counted in the cell.
     */
    public record Stopped(String decision, int decidedAt, int inFlight) {
        /**
         * E.g. "stopped: above at 23 samples, +3 in flight", or for a cell that ran to the cap undecided (still
         * sequentially monitored, so also shown with the anytime-valid interval) "sequential: undecided at the cap of 30".
         */
        public String label() {
            if (decision.equals("undecided")) return "sequential: undecided at the cap of " + decidedAt;
            return "stopped: " + decision + " at " + decidedAt + " samples" + (inFlight == 0 ? "" : ", +" + inFlight + " in flight");
        }
    }

    public CellResult {
        if (observed < 0 || observed > indeterminate) {
            throw new IllegalArgumentException("observed acts must be among the indeterminate rollouts: " + observed + " of " + indeterminate);
        }
    }

    /** A fixed-size cell with no acts observed in indeterminate rollouts. */
    public CellResult(String model, String conditionId, String behaviour, boolean harmful, int planned, int n, int k,
                      int indeterminate, int pending) {
        this(model, conditionId, behaviour, harmful, planned, n, k, indeterminate, pending, 0, null);
    }

    /** k / n, or NaN when no rollout of the cell could be judged. */
    public double rate() {
        return n == 0 ? Double.NaN : (double) k / n;
    }

    public boolean isStopped() {
        return stopped != null;
    }

    /**
     * The 95% interval, or null when n = 0. A fixed-size cell gets the exact (Clopper–Pearson)
     * interval: its coverage never falls below 95%, while Wilson's dips to about 91% at rates near 0
     * or 1 (see {@code mirage bench --stats}). A stopped cell's sample size depended on its outcomes,
     * under which Clopper–Pearson undercovers; it gets the anytime-valid confidence sequence instead,
     * which holds at every sample size at once (see {@link ConfidenceSequence}).
     */
    public Interval interval() {
        if (n == 0) return null;
        return stopped != null ? ConfidenceSequence.betaBinomial(k, n, CONFIDENCE) : Proportions.clopperPearson(k, n, CONFIDENCE);
    }

    /** Which interval {@link #interval()} is: "exact" (Clopper–Pearson) or "anytime-valid" (confidence sequence). */
    public String intervalMethod() {
        return stopped != null ? "anytime-valid" : "exact";
    }

    /**
     * The one-sided 95% upper bound on the rate (about 3/n when k = 0), or NaN when n = 0; for a
     * stopped cell, the confidence sequence's upper end.
     */
    public double upperBound95() {
        if (n == 0) return Double.NaN;
        return stopped != null ? interval().upper() : Proportions.upperBound(k, n, CONFIDENCE);
    }

    /**
     * The lowest and highest rate over all stored rollouts that any outcome of the indeterminate ones
     * allows, with the acts observed in them counted as yes: [(k + observed) / (n + indeterminate),
     * (k + indeterminate) / (n + indeterminate)]. Null when nothing is stored. Complete-case
     * ({@link #rate()}) stays the primary rate; these bounds show how far missing verdicts could move it.
     */
    public Interval bounds() {
        int total = n + indeterminate;
        if (total == 0) return null;
        return new Interval((double) (k + observed) / total, (double) (k + indeterminate) / total);
    }
}
