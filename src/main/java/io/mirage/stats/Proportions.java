package io.mirage.stats;

/** Intervals for binomial proportions. Pure functions. */
public final class Proportions {
    /** The standard normal quantile for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private Proportions() {}

    /**
     * Wilson score interval (Wilson 1927; Newcombe 1998, method 3) for k successes in n trials.
     * Unlike the Wald interval it stays inside [0, 1] and is informative at k = 0 and k = n.
     */
    public static Interval wilson(int k, int n, double z) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive, was " + n);
        if (k < 0 || k > n) throw new IllegalArgumentException("k must be in [0, n], was " + k + " of " + n);
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
}
