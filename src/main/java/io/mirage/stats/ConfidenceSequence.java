package io.mirage.stats;

import org.hipparchus.special.Beta;

/**
 * An anytime-valid confidence sequence for a binomial rate: an interval that holds at every sample size at once,
 * so it stays valid for a cell whose sampling stopped when its data looked decisive (early stopping), and at any
 * later look.
 * <p>
 * Method: invert the beta-binomial mixture martingale, the same mixture that {@link SequentialDecision} uses with
 * its prior cut at the threshold (Robbins 1970, "Statistical methods related to the law of the iterated
 * logarithm", Ann. Math. Statist. 41:1397–1409; Howard, Ramdas, McAuliffe &amp; Sekhon 2021, "Time-uniform,
 * nonparametric, nonasymptotic confidence sequences", Ann. Statist. 49:1055–1080, section 3.3). With a uniform
 * prior, after k yes in n samples
 * <pre>
 * M_n(p) = ∫₀¹ q^k (1−q)^(n−k) dq / [p^k (1−p)^(n−k)] = B(k+1, n−k+1) / [p^k (1−p)^(n−k)]
 * </pre>
 * is a nonnegative martingale with M_0 = 1 under the true p, so by Ville's inequality (Ville 1939)
 * P(∃n: M_n(p) ≥ 1/α) ≤ α, and {p : M_n(p) &lt; 1/α} covers p at every n simultaneously with probability at
 * least 1 − α — in particular at a data-dependent n. −log of the denominator is convex in p, so the set is an
 * interval around k/n, found by bisection on each side. It is wider than a fixed-n Clopper–Pearson interval:
 * that is the price of validity under optional stopping.
 */
public final class ConfidenceSequence {
    public static final String NAME = "anytime-valid 95% (beta-binomial confidence sequence)";

    private static final int BISECTIONS = 60;

    private ConfidenceSequence() {}

    /**
     * The confidence sequence's interval after k yes in n samples.
     *
     * @param confidence 1 − α, e.g. 0.95
     */
    public static Interval betaBinomial(int k, int n, double confidence) {
        Proportions.checkConfidence(confidence);
        if (n == 0) return new Interval(0, 1);
        Proportions.checkCounts(k, n);
        double bar = -Math.log1p(-confidence); // log(1/α)
        double logMixture = Beta.logBeta(k + 1, n - k + 1);
        double centre = (double) k / n;
        double lower = k == 0 ? 0.0 : bisect(k, n, logMixture, bar, 0.0, centre);
        double upper = k == n ? 1.0 : bisect(k, n, logMixture, bar, 1.0, centre);
        return new Interval(lower, upper);
    }

    /** log M_n(p): log B(k+1, n−k+1) − k log p − (n−k) log(1−p). */
    public static double logMixture(int k, int n, double p) {
        return Beta.logBeta(k + 1, n - k + 1) - logLikelihood(k, n, p);
    }

    /** Between {@code outside} (M ≥ 1/α) and {@code inside} (M &lt; 1/α, the MLE), the point where M crosses 1/α. */
    private static double bisect(int k, int n, double logMixture, double bar, double outside, double inside) {
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (outside + inside) / 2;
            if (logMixture - logLikelihood(k, n, mid) >= bar) outside = mid;
            else inside = mid;
        }
        return outside; // the boundary point itself is excluded; reporting it keeps the interval closed and conservative
    }

    private static double logLikelihood(int k, int n, double p) {
        double yes = k == 0 ? 0.0 : k * Math.log(p);
        double no = n - k == 0 ? 0.0 : (n - k) * Math.log1p(-p);
        return yes + no;
    }
}
