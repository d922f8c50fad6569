package io.mirage.stats;

/**
 * Exact power of the test {@code mirage compare} runs on two cells — Fisher's exact test with the central two-sided
 * p-value, twice the smaller one-sided p ({@link ConditionalOddsRatio#centralP()}), rejecting when it is below α —
 * for two arms of n samples each with true rates p1 and p2: the probability, summed over every pair of binomial
 * counts, that the test rejects. Pure functions.
 */
public final class FisherPower {
    /** Probabilities below this are taken as 0; they change the power by less than 1e-290. */
    private static final double TINY = 1e-300;

    private FisherPower() {}

    /**
     * P(reject) = Σ over (x1, x2) of b(x1; n, p1)·b(x2; n, p2)·[central p-value(x1, x2) &lt; α]. Rather than one Fisher
     * test per table, the tables are grouped by their total t = x1 + x2: given t, x1 is hypergeometric, the same for
     * every table of that total, so its rejection region — the values of x1 whose lower or upper tail is below α/2 —
     * is found once per t, walking in from each end. O(n²).
     */
    public static double twoSided(int n, double p1, double p2, double alpha) {
        if (n < 1) throw new IllegalArgumentException("n must be positive, was " + n);
        checkRate(p1);
        checkRate(p2);
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be between 0 and 1, was " + alpha);
        double[] logChoose = new double[n + 1];
        for (int x = 0; x <= n; x++) logChoose[x] = org.hipparchus.util.CombinatoricsUtils.binomialCoefficientLog(n, x);
        double[] b1 = binomial(n, p1, logChoose);
        double[] b2 = binomial(n, p2, logChoose);
        double[] d = new double[n + 1];
        double power = 0;
        for (int t = 0; t <= 2 * n; t++) {
            int lo = Math.max(0, t - n);
            int hi = Math.min(t, n);
            // Probabilities relative to the likeliest value, the mode ⌊(t + 1)/2⌋, as FisherExact; by the ratio
            // d(x + 1)/d(x) = (n − x)(t − x) / ((x + 1)(n − t + x + 1)) rather than one exp per value.
            int mode = Math.min(hi, Math.max(lo, (t + 1) / 2));
            d[mode - lo] = 1;
            // Below TINY a value is 0: it is rejected either way, and arithmetic on subnormal numbers is very slow.
            for (int x = mode; x < hi; x++) {
                double next = d[x - lo] * ((double) (n - x) * (t - x)) / ((double) (x + 1) * (n - t + x + 1));
                d[x + 1 - lo] = next < TINY ? 0 : next;
            }
            for (int x = mode; x > lo; x--) {
                double next = d[x - lo] * ((double) x * (n - t + x)) / ((double) (n - x + 1) * (t - x + 1));
                d[x - 1 - lo] = next < TINY ? 0 : next;
            }
            double total = 0;
            for (int x = lo; x <= hi; x++) total += d[x - lo];
            // The central test rejects x when twice its smaller tail is below α; both tails cannot be (they overlap
            // in x, so they sum to more than the total), so the two regions are disjoint runs from each end.
            double tail = 0;
            for (int x = lo; x <= hi; x++) {
                tail += d[x - lo];
                if (2 * tail / total >= alpha) break;
                power += b1[x] * b2[t - x];
            }
            tail = 0;
            for (int x = hi; x >= lo; x--) {
                tail += d[x - lo];
                if (2 * tail / total >= alpha) break;
                power += b1[x] * b2[t - x];
            }
        }
        return Math.min(1.0, power);
    }

    private static double[] binomial(int n, double p, double[] logChoose) {
        double[] b = new double[n + 1];
        if (p == 0 || p == 1) {
            b[p == 0 ? 0 : n] = 1;
            return b;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        for (int x = 0; x <= n; x++) {
            double v = Math.exp(logChoose[x] + x * logP + (n - x) * logQ);
            b[x] = v < TINY ? 0 : v;
        }
        return b;
    }

    private static void checkRate(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("rate must be between 0 and 1, was " + p);
    }
}
