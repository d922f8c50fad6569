package io.mirage.stats;

import org.hipparchus.special.Gamma;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * Whether a risk difference is the same in several groups (here: the models of a run), each made of strata
 * (the other factors' levels) that share the group's difference. The likelihood-ratio test (Wilks 1938,
 * "The large-sample distribution of the likelihood ratio for testing composite hypotheses", Ann. Math. Statist.
 * 9:60–62) of the additive model pB = pA + δ_g with one δ per group against one δ for all groups:
 * <pre>
 * G² = 2·(Σ_g max_δ ℓ_g(δ) − max_δ Σ_g ℓ_g(δ)),   df = groups − 1,
 * ℓ_g(δ) = Σ_s max_pA [kA·ln pA + (nA − kA)·ln(1 − pA) + kB·ln(pA + δ) + (nB − kB)·ln(1 − pA − δ)]
 * </pre>
 * referred to χ²(df). Each stratum keeps its own baseline rate pA (profiled out).
 * <p>
 * Why not Cochran's weighted-least-squares Q on the per-group differences: it weights each group by the inverse
 * of its estimated variance, which is 0 for a group whose every stratum is 0/n against 0/n (a model that never
 * shows the behaviour) — Q is then undefined, and in sparse tables it is anti-conservative (Lipsitz, Dear, Laird
 * &amp; Molenberghs 1998, "Tests for homogeneity of the risk difference when data are sparse", Biometrics
 * 54:148–160). The likelihood needs no variance estimate: a 0/40 against 0/40 group simply has its likelihood
 * peak at δ = 0, and it counts as strong evidence against a common δ of +0.3. The χ² reference is
 * large-sample; with few observations per stratum the p-value is approximate.
 *
 * @param statistic G²
 * @param df        the number of groups used, minus 1
 * @param pValue    P(χ²(df) ≥ G²)
 * @param groups    the groups used (those with at least one stratum observed at both levels)
 */
public record RiskDifferenceHomogeneity(double statistic, int df, double pValue, int groups) {
    /** Golden-section steps on δ ∈ [−1, 1]: 0.618^160 is far below the precision of a double. */
    private static final int GOLDEN_STEPS = 160;
    /** Bisection steps on the baseline rate of one stratum. */
    private static final int BISECTIONS = 200;
    private static final double INVERSE_PHI = (Math.sqrt(5) - 1) / 2;

    /** The test, or empty when fewer than two groups have a stratum observed at both levels. */
    public static Optional<RiskDifferenceHomogeneity> test(List<List<StratifiedDifference.Stratum>> groups) {
        List<List<StratifiedDifference.Stratum>> used = new ArrayList<>();
        for (List<StratifiedDifference.Stratum> g : groups) {
            List<StratifiedDifference.Stratum> observed = g.stream().filter(s -> s.nA() > 0 && s.nB() > 0).toList();
            if (!observed.isEmpty()) used.add(observed);
        }
        if (used.size() < 2) return Optional.empty();
        double separate = 0;
        for (List<StratifiedDifference.Stratum> g : used) separate += maximum(delta -> profile(g, delta));
        double common = maximum(delta -> {
            double sum = 0;
            for (List<StratifiedDifference.Stratum> g : used) sum += profile(g, delta);
            return sum;
        });
        double g2 = Math.max(0.0, 2 * (separate - common));
        int df = used.size() - 1;
        double p = g2 == 0 ? 1.0 : Gamma.regularizedGammaQ(df / 2.0, g2 / 2);
        return Optional.of(new RiskDifferenceHomogeneity(g2, df, Math.min(1.0, p), used.size()));
    }

    /** ℓ_g(δ): the log-likelihood of a group's strata at difference δ, each stratum's baseline profiled out. */
    static double profile(List<StratifiedDifference.Stratum> strata, double delta) {
        double sum = 0;
        for (StratifiedDifference.Stratum s : strata) sum += profile(s, delta);
        return sum;
    }

    /**
     * max over pA of one stratum's log-likelihood at pB = pA + δ. The log-likelihood is concave in pA on
     * [max(0, −δ), min(1, 1 − δ)], so its maximum is where the derivative changes sign, or an end.
     */
    static double profile(StratifiedDifference.Stratum s, double delta) {
        double lo = Math.max(0.0, -delta);
        double hi = Math.min(1.0, 1.0 - delta);
        double p;
        if (hi - lo <= 0) p = lo;
        else if (slope(s, lo, delta) <= 0) p = lo;
        else if (slope(s, hi, delta) >= 0) p = hi;
        else {
            double a = lo, b = hi; // slope(a) > 0 > slope(b)
            for (int i = 0; i < BISECTIONS; i++) {
                double mid = a + (b - a) / 2;
                if (mid == a || mid == b) break;
                if (slope(s, mid, delta) > 0) a = mid;
                else b = mid;
            }
            p = a + (b - a) / 2;
        }
        return xlogy(s.kA(), p) + xlogy(s.nA() - s.kA(), 1 - p) + xlogy(s.kB(), p + delta) + xlogy(s.nB() - s.kB(), 1 - p - delta);
    }

    /** d/dpA of the stratum's log-likelihood; a term with a zero count is 0 even where its rate is 0. */
    private static double slope(StratifiedDifference.Stratum s, double p, double delta) {
        return ratio(s.kA(), p) - ratio(s.nA() - s.kA(), 1 - p) + ratio(s.kB(), p + delta) - ratio(s.nB() - s.kB(), 1 - p - delta);
    }

    private static double ratio(int count, double rate) {
        return count == 0 ? 0.0 : count / Math.max(0.0, rate);
    }

    /** count·ln(rate), with 0·ln 0 = 0 (a rate of 0 where nothing was seen is no evidence against it). */
    private static double xlogy(int count, double rate) {
        return count == 0 ? 0.0 : count * Math.log(Math.max(0.0, rate));
    }

    /** The maximum of a concave function of δ on [−1, 1], by golden-section search. */
    private static double maximum(DoubleUnaryOperator f) {
        double a = -1, b = 1;
        double c = b - INVERSE_PHI * (b - a), d = a + INVERSE_PHI * (b - a);
        double fc = f.applyAsDouble(c), fd = f.applyAsDouble(d);
        for (int i = 0; i < GOLDEN_STEPS && b - a > 1e-15; i++) {
            if (fc >= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - INVERSE_PHI * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + INVERSE_PHI * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        // The maximum may sit at an end (δ = ±1 when every stratum is 0/n against n/n).
        return Math.max(Math.max(fc, fd), Math.max(f.applyAsDouble(-1), f.applyAsDouble(1)));
    }
}
