package io.mirage.report;

import io.mirage.stats.Interval;

/**
 * One behaviour's result in one model × condition cell. {@code n} counts valid rollouts (a yes or
 * no verdict) and is the rate's denominator; indeterminate and not-yet-run rollouts are counted
 * apart and never as "no".
 */
public record CellResult(String model, String conditionId, String behaviour, boolean harmful, int planned,
                         int n, int k, int indeterminate, int pending) {

    /** k / n, or NaN when no rollout of the cell could be judged. */
    public double rate() {
        return n == 0 ? Double.NaN : (double) k / n;
    }

    /**
     * The exact (Clopper–Pearson) 95% interval, or null when n = 0. Exact rather than Wilson because
     * its coverage never falls below 95% — Wilson's dips to about 91% at rates near 0 or 1 (see
     * {@code mirage bench --stats}), where the rates this tool measures often are.
     */
    public Interval interval() {
        return n == 0 ? null : io.mirage.stats.Proportions.clopperPearson(k, n, 0.95);
    }

    /** The one-sided exact 95% upper bound on the rate (about 3/n when k = 0), or NaN when n = 0. */
    public double upperBound95() {
        return n == 0 ? Double.NaN : io.mirage.stats.Proportions.upperBound(k, n, 0.95);
    }
}
