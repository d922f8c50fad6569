package io.mirage.stats;

import org.hipparchus.distribution.discrete.HypergeometricDistribution;

/**
 * Fisher's exact test (Fisher 1935) for the 2×2 table of two independent groups:
 * <pre>
 *            yes        no
 * group 1    k1    n1 − k1
 * group 2    k2    n2 − k2
 * </pre>
 * Conditional on the margins, k1 is hypergeometric (population n1 + n2, k1 + k2 successes, n1 draws).
 * Pure functions.
 */
public final class FisherExact {
    /** Relative tolerance when comparing table probabilities with the observed one, as R's fisher.test. */
    static final double RELATIVE_TOLERANCE = 1e-7;

    private FisherExact() {}

    /**
     * Two-sided p-value: the sum of the probabilities of all tables with the same margins that are no more
     * likely than the observed one (within a relative tolerance of 1e-7, as R's {@code fisher.test}, so that
     * tables tied with the observed one up to rounding are counted).
     */
    public static double twoSided(int k1, int n1, int k2, int n2) {
        HypergeometricDistribution h = distribution(k1, n1, k2, n2);
        int lo = h.getSupportLowerBound();
        int hi = h.getSupportUpperBound();
        double[] logP = new double[hi - lo + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int x = lo; x <= hi; x++) {
            logP[x - lo] = h.logProbability(x);
            max = Math.max(max, logP[x - lo]);
        }
        // Relative to the most likely table, so no term underflows before it matters.
        double observed = Math.exp(logP[k1 - lo] - max);
        double total = 0;
        double tail = 0;
        for (double lp : logP) {
            double d = Math.exp(lp - max);
            total += d;
            if (d <= observed * (1 + RELATIVE_TOLERANCE)) tail += d;
        }
        return Math.min(1.0, tail / total);
    }

    /** One-sided p-value for the alternative p1 &gt; p2: P(K1 ≥ k1) under the null. */
    public static double greater(int k1, int n1, int k2, int n2) {
        HypergeometricDistribution h = distribution(k1, n1, k2, n2);
        return Math.min(1.0, h.upperCumulativeProbability(k1));
    }

    /** One-sided p-value for the alternative p1 &lt; p2: P(K1 ≤ k1) under the null. */
    public static double less(int k1, int n1, int k2, int n2) {
        HypergeometricDistribution h = distribution(k1, n1, k2, n2);
        return Math.min(1.0, h.cumulativeProbability(k1));
    }

    private static HypergeometricDistribution distribution(int k1, int n1, int k2, int n2) {
        Proportions.checkCounts(k1, n1);
        Proportions.checkCounts(k2, n2);
        return new HypergeometricDistribution(n1 + n2, k1 + k2, n1);
    }
}
