package io.mirage.stats;

import org.hipparchus.distribution.discrete.HypergeometricDistribution;

/**
 * Exact conditional inference on the odds ratio ψ of group 1 against group 2 in a 2×2 table:
 * <pre>
 *            yes        no
 * group 1    k1    n1 − k1
 * group 2    k2    n2 − k2
 * </pre>
 * Given all margins, k1 follows Fisher's noncentral hypergeometric distribution,
 * P(k1 = x) ∝ C(n1, x)·C(n2, t − x)·ψ^x with t = k1 + k2 (Cornfield 1956, "A statistical problem arising
 * from retrospective studies", Proc. Third Berkeley Symposium 4:135–148). At ψ = 1 (equal rates) it is the
 * hypergeometric of Fisher's exact test.
 * <p>
 * The test here is Fisher's exact test with the <em>central</em> two-sided p-value, twice the smaller one-sided
 * p-value, and the interval is the one that inverts it: ψ is inside the 1 − α interval exactly when the central
 * test of ψ does not reject at α. This is the interval R's {@code fisher.test} prints; its printed p-value is the
 * "minimum likelihood" one instead ({@link FisherExact#twoSided}), which can disagree with that interval
 * (Fay 2010, "Confidence intervals that match Fisher's exact or Blaker's exact tests", Biostatistics 11:373–374).
 * Pairing the central p-value with its own interval keeps the two in agreement.
 * <p>
 * Because everything is conditional on the margins, {@link #smallestCentralP()} — the least p-value any table
 * with these margins can give — is what Tarone's (1990) pruning needs ({@link Tarone}).
 */
public record ConditionalOddsRatio(int k1, int n1, int k2, int n2) {
    /** Bisection steps on log ψ: from a bracket at most 350 wide, 100 halvings reach the precision of a double. */
    private static final int BISECTIONS = 100;
    /** e^700 is near the largest double: a bound beyond it is reported as 0 or ∞. */
    private static final double LOG_PSI_LIMIT = 700;

    public ConditionalOddsRatio {
        Proportions.checkCounts(k1, n1);
        Proportions.checkCounts(k2, n2);
    }

    /** Two-sided central p-value of ψ = 1: min(1, 2·min(P(K1 ≤ k1), P(K1 ≥ k1))) under the hypergeometric. */
    public double centralP() {
        double[] t = tails(0.0);
        return Math.min(1.0, 2 * Math.min(t[0], t[1]));
    }

    /**
     * The smallest central p-value any table with these margins can give: the tables at either end of the
     * support have the most extreme tails, so it is min(1, 2·min(P(K1 = lo), P(K1 = hi))). It is 1 when the
     * margins leave one table only (no yes at all, or no no at all).
     */
    public double smallestCentralP() {
        double[] w = weights(0.0);
        if (w.length == 1) return 1.0;
        double total = 0;
        for (double x : w) total += x;
        // The same sums as centralP() takes, so no table's p-value can fall below this by rounding.
        return Math.min(1.0, 2 * Math.min(Math.min(1.0, w[0] / total), Math.min(1.0, w[w.length - 1] / total)));
    }

    /**
     * The exact conditional interval for ψ at a two-sided confidence level: the lower bound solves
     * P_ψ(K1 ≥ k1) = α/2 (0 when k1 is the smallest value the margins allow), the upper bound solves
     * P_ψ(K1 ≤ k1) = α/2 (∞ when k1 is the largest).
     */
    public Interval interval(double confidence) {
        Proportions.checkConfidence(confidence);
        return intervalAtLevel(1 - confidence);
    }

    /**
     * The interval of the ψ that the central test does not reject at level {@code alpha}: it excludes 1 exactly
     * when {@link #centralP()} &lt; alpha, with no rounding in between (both read the same tail sums at ψ = 1).
     */
    public Interval intervalAtLevel(double alpha) {
        Proportions.checkConfidence(alpha);
        double half = alpha / 2;
        HypergeometricDistribution h = null0();
        double lower = k1 == h.getSupportLowerBound() ? 0.0 : Math.exp(bound(half, false));
        double upper = k1 == h.getSupportUpperBound() ? Double.POSITIVE_INFINITY : Math.exp(bound(half, true));
        return new Interval(lower, Math.max(lower, upper));
    }

    /**
     * One bound, in θ = log ψ. The ψ the test accepts on this side form a half-line — θ ≤ root for the upper
     * bound (P_ψ(K1 ≤ k1) ≥ α/2), θ ≥ root for the lower bound (P_ψ(K1 ≥ k1) ≥ α/2) — because each tail is
     * monotone in ψ. Bisection keeps one end accepted and one rejected and returns the accepted end, so the
     * bound is on the same side of ψ = 1 as the test's decision at ψ = 1, whatever the rounding inside.
     */
    private double bound(double half, boolean upper) {
        java.util.function.DoublePredicate accepted = upper ? theta -> tails(theta)[0] >= half : theta -> tails(theta)[1] >= half;
        double towardRejected = upper ? 1 : -1;
        double in, out;
        if (accepted.test(0.0)) {
            in = 0;
            out = towardRejected;
            while (accepted.test(out)) {
                if (Math.abs(out) >= LOG_PSI_LIMIT) return upper ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                in = out;
                out = Math.copySign(Math.min(LOG_PSI_LIMIT, 2 * Math.abs(out)), out);
            }
        } else {
            out = 0;
            in = -towardRejected;
            while (!accepted.test(in)) {
                if (Math.abs(in) >= LOG_PSI_LIMIT) return upper ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                out = in;
                in = Math.copySign(Math.min(LOG_PSI_LIMIT, 2 * Math.abs(in)), in);
            }
        }
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = in + (out - in) / 2;
            if (mid == in || mid == out) break;
            if (accepted.test(mid)) in = mid;
            else out = mid;
        }
        return in;
    }

    /** {P_ψ(K1 ≤ k1), P_ψ(K1 ≥ k1)} at ψ = e^θ. */
    private double[] tails(double theta) {
        double[] w = weights(theta);
        int lo = null0().getSupportLowerBound();
        double total = 0, below = 0, above = 0;
        for (int i = 0; i < w.length; i++) {
            total += w[i];
            if (lo + i <= k1) below += w[i];
        }
        // Summed from the top end down, so that at k1 = hi the sum is exactly that end's weight.
        for (int i = w.length - 1; i >= 0 && lo + i >= k1; i--) above += w[i];
        return new double[] {Math.min(1.0, below / total), Math.min(1.0, above / total)};
    }

    /** The weights of K1 = lo … hi at ψ = e^θ, relative to the largest so nothing overflows. */
    private double[] weights(double theta) {
        HypergeometricDistribution h = null0();
        int lo = h.getSupportLowerBound();
        int hi = h.getSupportUpperBound();
        double[] logW = new double[hi - lo + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int x = lo; x <= hi; x++) {
            logW[x - lo] = h.logProbability(x) + (theta == 0 ? 0 : x * theta);
            max = Math.max(max, logW[x - lo]);
        }
        double[] w = new double[logW.length];
        for (int i = 0; i < w.length; i++) w[i] = Math.exp(logW[i] - max);
        return w;
    }

    private HypergeometricDistribution null0() {
        return new HypergeometricDistribution(n1 + n2, k1 + k2, n1);
    }
}
