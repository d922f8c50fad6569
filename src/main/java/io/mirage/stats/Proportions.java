package io.mirage.stats;

import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.special.Erf;

/** Intervals and bounds for binomial proportions. Pure functions. */
public final class Proportions {
    /** The standard normal quantile for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    /** Absolute accuracy asked of the beta quantile solver: far below any printed digit. */
    private static final double QUANTILE_ACCURACY = 1e-14;

    private Proportions() {}

    /**
     * The two-sided standard normal quantile for a confidence level: z with P(|Z| ≤ z) = confidence,
     * i.e. Φ⁻¹(1 − α/2), computed as √2·erf⁻¹(confidence). {@code z(0.95)} is 1.959964.
     */
    public static double z(double confidence) {
        checkConfidence(confidence);
        return Math.sqrt(2.0) * Erf.erfInv(confidence);
    }

    /**
     * Wilson score interval (Wilson 1927; Newcombe 1998, method 3) for k successes in n trials.
     * Unlike the Wald interval it stays inside [0, 1] and is informative at k = 0 and k = n.
     *
     * @param z the normal quantile, e.g. {@link #Z95}; see {@link #wilsonAt} to give a confidence level
     */
    public static Interval wilson(int k, int n, double z) {
        checkCounts(k, n);
        double p = (double) k / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        // At the edges the exact bound is 0 or 1; clamp away rounding error.
        double lower = k == 0 ? 0.0 : Math.max(0.0, centre - half);
        double upper = k == n ? 1.0 : Math.min(1.0, centre + half);
        return new Interval(lower, upper);
    }

    public static Interval wilson95(int k, int n) {
        return wilson(k, n, Z95);
    }

    /** Wilson score interval at a two-sided confidence level such as 0.95: {@code wilson(k, n, z(confidence))}. */
    public static Interval wilsonAt(int k, int n, double confidence) {
        return wilson(k, n, z(confidence));
    }

    /**
     * Clopper–Pearson "exact" interval (Clopper &amp; Pearson 1934; Newcombe 1998, method 5): the bounds are
     * the beta quantiles B(α/2; k, n−k+1) and B(1−α/2; k+1, n−k), with 0 at k = 0 and 1 at k = n.
     * Its coverage is at least the confidence level for every true rate, at the price of width.
     */
    public static Interval clopperPearson(int k, int n, double confidence) {
        checkCounts(k, n);
        checkConfidence(confidence);
        double tail = (1 - confidence) / 2;
        double lower = k == 0 ? 0.0 : betaQuantile(tail, k, n - k + 1);
        double upper = k == n ? 1.0 : betaQuantile(1 - tail, k + 1, n - k);
        return new Interval(lower, upper);
    }

    /**
     * One-sided exact (Clopper–Pearson) upper confidence bound: the largest rate p with
     * P(X ≤ k | n, p) ≥ 1 − confidence, i.e. the beta quantile B(confidence; k+1, n−k).
     * At k = 0 it is 1 − α^(1/n), which at 95% is about 3/n (the "rule of three", Hanley &amp; Lippman-Hand 1983).
     */
    public static double upperBound(int k, int n, double confidence) {
        checkCounts(k, n);
        checkConfidence(confidence);
        if (k == n) return 1.0;
        if (k == 0) return -Math.expm1(Math.log1p(-confidence) / n);
        return betaQuantile(confidence, k + 1, n - k);
    }

    /**
     * One-sided exact (Clopper–Pearson) lower confidence bound: B(1 − confidence; k, n−k+1), 0 at k = 0;
     * at k = n it is α^(1/n).
     */
    public static double lowerBound(int k, int n, double confidence) {
        checkCounts(k, n);
        checkConfidence(confidence);
        if (k == 0) return 0.0;
        if (k == n) return Math.exp(Math.log1p(-confidence) / n);
        return betaQuantile(1 - confidence, k, n - k + 1);
    }

    private static double betaQuantile(double probability, double a, double b) {
        return new BetaDistribution(a, b, QUANTILE_ACCURACY).inverseCumulativeProbability(probability);
    }

    static void checkCounts(int k, int n) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive, was " + n);
        if (k < 0 || k > n) throw new IllegalArgumentException("k must be in [0, n], was " + k + " of " + n);
    }

    static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be strictly between 0 and 1, was " + confidence);
        }
    }
}
