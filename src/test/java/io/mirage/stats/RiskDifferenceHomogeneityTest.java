package io.mirage.stats;

import io.mirage.stats.StratifiedDifference.Stratum;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reference values from an independent computation with python3's standard library only: the same likelihood,
 * but each maximum found by ternary search on the log-likelihood itself (not on its derivative) and the χ²
 * tail by the series / continued fraction of the incomplete gamma function (Numerical Recipes' gser/gcf).
 * Strata are (kA, nA, kB, nB), groups are lists of strata:
 * <pre>
 * from math import log, lgamma, exp
 * def xlogy(k, r): return 0.0 if k == 0 else k*log(r) if r &gt; 0 else float('-inf')
 * def ll(s, p, d):
 *     kA, nA, kB, nB = s
 *     return xlogy(kA, p) + xlogy(nA-kA, 1-p) + xlogy(kB, p+d) + xlogy(nB-kB, 1-p-d)
 * def argmax(f, a, b, it=300):
 *     for _ in range(it):
 *         m1, m2 = a+(b-a)/3, b-(b-a)/3
 *         if f(m1) &lt; f(m2): a = m1
 *         else: b = m2
 *     return (a+b)/2
 * def prof(s, d):
 *     lo, hi = max(0.0, -d), min(1.0, 1.0-d)
 *     return max(ll(s, argmax(lambda p: ll(s, p, d), lo, hi), d), ll(s, lo, d), ll(s, hi, d))
 * def group(g, d): return sum(prof(s, d) for s in g)
 * def best(f): d = argmax(f, -1.0, 1.0); return max(f(d), f(-1.0), f(1.0))
 * def chi2_sf(x, k):
 *     a, x = k/2, x/2
 *     if x &lt; a+1:
 *         s = t = 1/a; n = a
 *         while abs(t) &gt; 1e-17*abs(s): n += 1; t *= x/n; s += t
 *         return 1 - s*exp(-x + a*log(x) - lgamma(a))
 *     b = x+1-a; c = 1e300; d = 1/b; h = d; i = 1
 *     while True:
 *         an = -i*(i-a); b += 2; d = an*d+b; c = b+an/c; d = 1/d; de = d*c; h *= de; i += 1
 *         if abs(de-1) &lt; 1e-16: break
 *     return exp(-x + a*log(x) - lgamma(a))*h
 * def test(groups):
 *     groups = [[s for s in g if s[1] &gt; 0 and s[3] &gt; 0] for g in groups]
 *     groups = [g for g in groups if g]
 *     sep = sum(best(lambda d, g=g: group(g, d)) for g in groups)
 *     com = best(lambda d: sum(group(g, d) for g in groups))
 *     g2 = max(0.0, 2*(sep-com)); df = len(groups)-1
 *     return g2, df, (1.0 if g2 == 0 else chi2_sf(g2, df))
 * </pre>
 */
final class RiskDifferenceHomogeneityTest {

    private static RiskDifferenceHomogeneity test(List<List<Stratum>> groups) {
        return RiskDifferenceHomogeneity.test(groups).orElseThrow();
    }

    private static void assertMatches(RiskDifferenceHomogeneity t, double g2, int df, double p) {
        assertEquals(g2, t.statistic(), 1e-6 * Math.max(1, g2));
        assertEquals(df, t.df());
        assertEquals(p, t.pValue(), 1e-6 * p);
    }

    /**
     * Issue 10's shape: one model never shows the behaviour (0/40 at both levels, twice) while two others drop by
     * 0.3–0.45. Cochran's Q cannot even weigh the first model (variance 0); the likelihood ratio counts it.
     * test([[(0,40,0,40),(0,40,0,40)], [(12,40,0,40),(14,40,1,40)], [(18,40,2,40),(16,40,3,40)]])
     * = (47.192185878482064, 2, 5.6538859284331354e-11).
     */
    @Test
    void aModelThatNeverDoesIt_differsFromModelsThatDo() {
        RiskDifferenceHomogeneity t = test(List.of(
                List.of(new Stratum(0, 40, 0, 40), new Stratum(0, 40, 0, 40)),
                List.of(new Stratum(12, 40, 0, 40), new Stratum(14, 40, 1, 40)),
                List.of(new Stratum(18, 40, 2, 40), new Stratum(16, 40, 3, 40))));
        assertMatches(t, 47.192185878482064, 2, 5.6538859284331354e-11);
        assertEquals(3, t.groups());
    }

    /** test([[(10,40,20,40),(8,40,18,40)], [(11,40,19,40),(9,40,21,40)]]) = (3.899708872268093e-06, 1, 0.9984243640815894). */
    @Test
    void similarGroups_doNotDiffer() {
        RiskDifferenceHomogeneity t = test(List.of(
                List.of(new Stratum(10, 40, 20, 40), new Stratum(8, 40, 18, 40)),
                List.of(new Stratum(11, 40, 19, 40), new Stratum(9, 40, 21, 40))));
        assertEquals(1, t.df());
        assertTrue(t.statistic() < 1e-4, "G² " + t.statistic());
        assertEquals(0.9984243640815894, t.pValue(), 1e-3);
    }

    /** test([[(5,30,15,30)], [(15,30,5,30)], [(10,30,10,30)]]) = (15.518393659605067, 2, 0.0004267992354884167). */
    @Test
    void oppositeEffects_differ() {
        assertMatches(test(List.of(List.of(new Stratum(5, 30, 15, 30)), List.of(new Stratum(15, 30, 5, 30)),
                List.of(new Stratum(10, 30, 10, 30)))), 15.518393659605067, 2, 0.0004267992354884167);
    }

    /**
     * Sparse strata, and a stratum with an empty level (left out):
     * test([[(0,3,2,3),(1,2,2,2),(0,1,1,1)], [(1,3,1,3),(0,2,0,2)]]) = (4.5552725170336625, 1, 0.03281754084803878).
     */
    @Test
    void sparseStrata_matchReference() {
        assertMatches(test(List.of(
                List.of(new Stratum(0, 3, 2, 3), new Stratum(1, 2, 2, 2), new Stratum(0, 1, 1, 1), new Stratum(2, 4, 0, 0)),
                List.of(new Stratum(1, 3, 1, 3), new Stratum(0, 2, 0, 2)))), 4.5552725170336625, 1, 0.03281754084803878);
    }

    /**
     * All-yes against all-no in one group and the reverse in the other: δ = +1 and −1 fit exactly (log-likelihood
     * 0), and by symmetry the common δ is 0 with both rates 1/2 in each stratum, log-likelihood −20·ln 2 per
     * stratum; so G² = 2·40·ln 2 = 55.451774444795625 in closed form.
     */
    @Test
    void extremeOpposites_matchClosedForm() {
        RiskDifferenceHomogeneity t = test(List.of(List.of(new Stratum(0, 10, 10, 10)), List.of(new Stratum(10, 10, 0, 10))));
        assertEquals(80 * Math.log(2), t.statistic(), 1e-9);
        assertEquals(9.578020264451469e-14, t.pValue(), 1e-6 * 9.578020264451469e-14);
    }

    /** Every group never shows it: no NaN, G² = 0, p = 1. */
    @Test
    void allGroupsDegenerate_giveNoEvidence() {
        RiskDifferenceHomogeneity t = test(List.of(List.of(new Stratum(0, 40, 0, 40)), List.of(new Stratum(0, 20, 0, 30))));
        assertEquals(0.0, t.statistic(), 1e-9);
        assertEquals(1.0, t.pValue(), 1e-6);
    }

    @Test
    void fewerThanTwoObservedGroups_giveNoTest() {
        assertTrue(RiskDifferenceHomogeneity.test(List.of(List.of(new Stratum(3, 10, 5, 10)))).isEmpty());
        assertTrue(RiskDifferenceHomogeneity.test(List.of(List.of(new Stratum(3, 10, 5, 10)), List.of(new Stratum(0, 0, 4, 9)))).isEmpty());
    }
}
