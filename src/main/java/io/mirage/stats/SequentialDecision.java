package io.mirage.stats;

import org.hipparchus.special.Beta;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Early stopping for one cell: decides whether the cell's rate p is above or below a threshold T while its
 * samples (yes/no) arrive one at a time, with error control that stays valid however often the data are
 * looked at. Immutable: {@link #observe} returns the next state.
 * <p>
 * Method: two one-sided mixture likelihood-ratio martingales (Robbins 1970, "Statistical methods related to the
 * law of the iterated logarithm", Ann. Math. Statist. 41:1397–1409; Howard, Ramdas, McAuliffe &amp; Sekhon 2021,
 * "Time-uniform, nonparametric, nonasymptotic confidence sequences", Ann. Statist. 49:1055–1080). After k yes
 * in n samples,
 * <pre>
 * M_above = [∫_T^1 q^k (1−q)^(n−k) dq / (1−T)] / [T^k (1−T)^(n−k)]   (uniform prior on (T, 1])
 * M_below = [∫_0^T q^k (1−q)^(n−k) dq / T]     / [T^k (1−T)^(n−k)]   (uniform prior on [0, T))
 * </pre>
 * computed in log space through the regularized incomplete beta function. The rule decides ABOVE at the first
 * n with M_above ≥ 1/α and BELOW at the first n with M_below ≥ 1/α. If p ≤ T, M_above is a nonnegative
 * supermartingale with M_0 = 1, so by Ville's inequality (Ville 1939) P(ever deciding ABOVE) ≤ α; likewise
 * P(ever deciding BELOW) ≤ α if p ≥ T. So a wrong-side decision has probability at most α whichever the true
 * rate (at p exactly T both decisions count as wrong, at most 2α together). A cap on samples ends undecided cells.
 */
public final class SequentialDecision {

    /** The outcome so far. */
    public enum Decision { UNDECIDED, ABOVE, BELOW }

    private final double threshold;
    private final double alpha;
    private final int maxSamples;
    private final int yes;
    private final int samples;
    private final double logAbove;
    private final double logBelow;
    private final Decision decision;

    private SequentialDecision(double threshold, double alpha, int maxSamples, int yes, int samples) {
        this.threshold = threshold;
        this.alpha = alpha;
        this.maxSamples = maxSamples;
        this.yes = yes;
        this.samples = samples;
        this.logAbove = logMixtureAbove(yes, samples, threshold);
        this.logBelow = logMixtureBelow(yes, samples, threshold);
        double bar = -Math.log(alpha);
        if (logAbove >= bar && logAbove >= logBelow) decision = Decision.ABOVE;
        else if (logBelow >= bar) decision = Decision.BELOW;
        else decision = Decision.UNDECIDED;
    }

    /**
     * A cell with no samples yet.
     *
     * @param threshold  T, strictly between 0 and 1
     * @param alpha      the bound on the probability of a wrong-side decision, strictly between 0 and 1 (e.g. 0.05)
     * @param maxSamples the cap: after this many samples an undecided cell stops undecided
     */
    public static SequentialDecision start(double threshold, double alpha, int maxSamples) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be greater than 0 and less than 1, was " + threshold);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be greater than 0 and less than 1, was " + alpha);
        }
        if (maxSamples < 1) throw new IllegalArgumentException("the sample cap must be at least 1, was " + maxSamples);
        return new SequentialDecision(threshold, alpha, maxSamples, 0, 0);
    }

    /**
     * The state after one more sample.
     *
     * @throws IllegalStateException if the cell is already {@link #done()}
     */
    public SequentialDecision observe(boolean sample) {
        if (done()) throw new IllegalStateException("no more samples needed: " + reason());
        return new SequentialDecision(threshold, alpha, maxSamples, yes + (sample ? 1 : 0), samples + 1);
    }

    /**
     * The rule judged once, at k yes of n samples, with this state's threshold, alpha and cap — for counts whose
     * order is unknown, e.g. a resumed run. One look at any n (or at a stopping time) keeps the α bound;
     * following the samples with {@link #observe} stops at the first crossing instead, which can be earlier.
     */
    public SequentialDecision after(int k, int n) {
        if (n < 0 || n > maxSamples) {
            throw new IllegalArgumentException("samples must be in [0, " + maxSamples + "], was " + n);
        }
        if (k < 0 || k > n) throw new IllegalArgumentException("yes must be in [0, n], was " + k + " of " + n);
        return new SequentialDecision(threshold, alpha, maxSamples, k, n);
    }

    public Decision decision() {
        return decision;
    }

    /** True when decided, or when the cap is reached: no more samples are needed. */
    public boolean done() {
        return decision != Decision.UNDECIDED || samples >= maxSamples;
    }

    /** True when the cell stopped undecided at the cap. */
    public boolean capReached() {
        return decision == Decision.UNDECIDED && samples >= maxSamples;
    }

    public double threshold() {
        return threshold;
    }

    public double alpha() {
        return alpha;
    }

    public int maxSamples() {
        return maxSamples;
    }

    public int yes() {
        return yes;
    }

    public int samples() {
        return samples;
    }

    /** M_above, the evidence for p &gt; T: the likelihood ratio averaged over a uniform prior on (T, 1]. */
    public double likelihoodRatioAbove() {
        return Math.exp(logAbove);
    }

    /** M_below, the evidence for p &lt; T: the likelihood ratio averaged over a uniform prior on [0, T). */
    public double likelihoodRatioBelow() {
        return Math.exp(logBelow);
    }

    /**
     * The smallest number of yes among n samples at which the rule decides ABOVE (n + 1 if none does). M_above
     * grows with k, so at n samples the rule says ABOVE exactly when k ≥ this.
     */
    public int minYesForAbove(int n) {
        checkHorizon(n);
        double bar = -Math.log(alpha);
        int lo = -1, hi = n + 1; // predicate false at lo, true at hi
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (new SequentialDecision(threshold, alpha, Integer.MAX_VALUE, mid, n).decision == Decision.ABOVE) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    /**
     * The largest number of yes among n samples at which the rule decides BELOW (−1 if none does). M_below
     * shrinks as k grows, so at n samples the rule says BELOW exactly when k ≤ this.
     */
    public int maxYesForBelow(int n) {
        checkHorizon(n);
        int lo = -1, hi = n + 1; // predicate true at lo, false at hi
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (new SequentialDecision(threshold, alpha, Integer.MAX_VALUE, mid, n).decision == Decision.BELOW) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /** A sentence for people, e.g. "above 0.1: likelihood ratio 23.1 ≥ 20 after 12 of 14 yes". */
    public String reason() {
        String t = number(threshold);
        String bar = number(1 / alpha);
        String counts = yes + " of " + samples + " yes";
        return switch (decision) {
            case ABOVE -> "above " + t + ": likelihood ratio " + number(likelihoodRatioAbove()) + " ≥ " + bar + " after " + counts;
            case BELOW -> "below " + t + ": likelihood ratio " + number(likelihoodRatioBelow()) + " ≥ " + bar + " after " + counts;
            case UNDECIDED -> (capReached()
                    ? "reached the cap of " + maxSamples + " samples undecided: " + counts
                    : "undecided after " + counts)
                    + ", likelihood ratios " + number(likelihoodRatioAbove()) + " (above " + t + ") and "
                    + number(likelihoodRatioBelow()) + " (below " + t + "), both < " + bar;
        };
    }

    @Override
    public String toString() {
        return "SequentialDecision[" + reason() + "]";
    }

    /** log M_above after k yes of n: log B(k+1, n−k+1) + log I_{1−T}(n−k+1, k+1) − log(1−T) − k log T − (n−k) log(1−T). */
    public static double logMixtureAbove(int k, int n, double threshold) {
        Proportions.checkCounts(k, Math.max(n, 1));
        double a = k + 1, b = n - k + 1;
        double tailAbove = Beta.regularizedBeta(1 - threshold, b, a); // = 1 − I_T(a, b), without cancellation
        return Beta.logBeta(a, b) + Math.log(tailAbove) - Math.log1p(-threshold) - logLikelihoodAt(k, n, threshold);
    }

    /** log M_below after k yes of n: log B(k+1, n−k+1) + log I_T(k+1, n−k+1) − log T − k log T − (n−k) log(1−T). */
    public static double logMixtureBelow(int k, int n, double threshold) {
        Proportions.checkCounts(k, Math.max(n, 1));
        double a = k + 1, b = n - k + 1;
        double tailBelow = Beta.regularizedBeta(threshold, a, b);
        return Beta.logBeta(a, b) + Math.log(tailBelow) - Math.log(threshold) - logLikelihoodAt(k, n, threshold);
    }

    private static double logLikelihoodAt(int k, int n, double t) {
        return (k == 0 ? 0.0 : k * Math.log(t)) + (n - k == 0 ? 0.0 : (n - k) * Math.log1p(-t));
    }

    private static void checkHorizon(int n) {
        if (n < 0) throw new IllegalArgumentException("n must not be negative, was " + n);
    }

    private static String number(double x) {
        if (Double.isInfinite(x)) return "∞";
        if (x >= 1e6 || (x > 0 && x < 1e-3)) return String.format(Locale.ROOT, "%.2e", x);
        return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
