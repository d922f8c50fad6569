package io.mirage.stats;

import org.hipparchus.special.Erf;

import java.util.List;

/**
 * The effect of one factor across a grid: the Mantel–Haenszel risk difference of level B against the
 * reference level A, pooled over strata (the combinations of the other factors' levels).
 *
 * @param estimate      the pooled difference pB − pA
 * @param standardError Sato's standard error of the estimate (0 when the data have no variation at all)
 * @param interval      the two-sided confidence interval for pB − pA, inside [−1, 1]
 * @param pValue        two-sided p-value of the Wald test of no difference, 2·(1 − Φ(|estimate| / SE))
 * @param strataUsed    how many strata had observations at both levels (the others are skipped)
 * @param confidence    the confidence level of the interval
 */
public record StratifiedDifference(
        double estimate, double standardError, Interval interval, double pValue, int strataUsed, double confidence) {

    /**
     * One stratum: kA of nA yes at the reference level A, kB of nB yes at level B.
     * A stratum where nA or nB is 0 carries no information about the difference and is skipped.
     */
    public record Stratum(int kA, int nA, int kB, int nB) {
        public Stratum {
            check("A", kA, nA);
            check("B", kB, nB);
        }

        private static void check(String level, int k, int n) {
            if (n < 0) throw new IllegalArgumentException("n" + level + " must not be negative, was " + n);
            if (k < 0 || k > n) {
                throw new IllegalArgumentException("k" + level + " must be in [0, n" + level + "], was " + k + " of " + n);
            }
        }
    }

    /**
     * Mantel–Haenszel risk difference with weights w = nA·nB/(nA + nB) (Greenland &amp; Robins 1985,
     * "Estimation of a common effect parameter from sparse follow-up data", Biometrics 41:55–68), its variance
     * by Sato (1989, "On the variance estimator for the Mantel–Haenszel risk difference", Biometrics
     * 45:1323–1324), which stays consistent both for a few large strata and for many sparse ones:
     * <pre>
     * Var = (RD·ΣP + ΣQ) / (Σw)²,  N = nA + nB,
     * P = (nB²·kA − nA²·kB + nA·nB·(nA − nB)/2) / N²,   Q = (kB·(nA − kA) + kA·(nB − kB)) / (2N)
     * </pre>
     * and a Wald interval RD ± z·SE and p-value.
     * <p>
     * Degenerate data: when every used stratum is all-yes or all-no at both levels, each stratum's difference is
     * exactly 0 and the variance estimate is 0, so a Wald interval would collapse to a point. The interval is then
     * Newcombe's hybrid score interval for 0/ΣnB − 0/ΣnA ({@link Difference#newcombe}), i.e. [−u(ΣnA), u(ΣnB)]
     * with u(n) the Wilson upper bound for 0 of n (an all-yes stratum carries the same information as an all-no
     * one with yes and no swapped); the estimate is 0 and the p-value 1.
     *
     * @throws IllegalArgumentException if no stratum has observations at both levels, or the confidence is not in (0, 1)
     */
    public static StratifiedDifference mantelHaenszel(List<Stratum> strata, double confidence) {
        double z = Proportions.z(confidence);
        double sumW = 0, sumWD = 0, sumP = 0, sumQ = 0;
        int used = 0, totalA = 0, totalB = 0;
        for (Stratum s : strata) {
            if (s.nA() == 0 || s.nB() == 0) continue;
            used++;
            totalA += s.nA();
            totalB += s.nB();
            double kA = s.kA(), nA = s.nA(), kB = s.kB(), nB = s.nB();
            double n = nA + nB;
            double w = nA * nB / n;
            sumW += w;
            sumWD += w * (kB / nB - kA / nA);
            sumP += (nB * nB * kA - nA * nA * kB + nA * nB * (nA - nB) / 2) / (n * n);
            sumQ += (kB * (nA - kA) + kA * (nB - kB)) / (2 * n);
        }
        if (used == 0) {
            throw new IllegalArgumentException("no stratum has observations at both levels, so there is nothing to compare");
        }
        double estimate = sumWD / sumW;
        double variance = (estimate * sumP + sumQ) / (sumW * sumW);
        if (!(variance > 0)) {
            Interval fallback = Difference.newcombe(0, totalB, 0, totalA, confidence).interval();
            return new StratifiedDifference(0.0, 0.0, fallback, 1.0, used, confidence);
        }
        double se = Math.sqrt(variance);
        Interval interval = new Interval(Math.max(-1.0, estimate - z * se), Math.min(1.0, estimate + z * se));
        double p = Erf.erfc(Math.abs(estimate) / se / Math.sqrt(2.0));
        return new StratifiedDifference(estimate, se, interval, Math.min(1.0, p), used, confidence);
    }
}
