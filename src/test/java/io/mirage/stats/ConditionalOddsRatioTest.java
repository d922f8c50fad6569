package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reference values from an independent computation with python3's standard library only: exact hypergeometric
 * probabilities as fractions, and each bound by bisection on log ψ of the noncentral tail (Cornfield 1956).
 * Tables are A = kA/nA, B = kB/nB and the odds ratio is B's against A's:
 * <pre>
 * from math import comb, log, exp
 * from fractions import Fraction
 * def pmf(kA,nA,kB,nB):
 *     T=kA+kB; lo=max(0,T-nA); hi=min(nB,T)
 *     w={x: comb(nB,x)*comb(nA,T-x) for x in range(lo,hi+1)}
 *     s=sum(w.values()); return lo,hi,{x:Fraction(v,s) for x,v in w.items()}
 * def central(kA,nA,kB,nB):
 *     lo,hi,f=pmf(kA,nA,kB,nB); x=kB
 *     L=sum(v for y,v in f.items() if y&lt;=x); U=sum(v for y,v in f.items() if y&gt;=x)
 *     return min(1,2*min(L,U))
 * def minp(kA,nA,kB,nB):
 *     lo,hi,f=pmf(kA,nA,kB,nB); return min(1,2*min(f[lo],f[hi]))
 * def tails(kA,nA,kB,nB,theta):
 *     lo,hi,f=pmf(kA,nA,kB,nB); x=kB
 *     lw={y: log(float(v))+y*theta for y,v in f.items()}
 *     m=max(lw.values()); s=sum(exp(v-m) for v in lw.values())
 *     L=sum(exp(v-m) for y,v in lw.items() if y&lt;=x)/s; U=sum(exp(v-m) for y,v in lw.items() if y&gt;=x)/s
 *     return L,U
 * def bisect(g,a,b):
 *     for _ in range(200):
 *         m=(a+b)/2
 *         if g(m)&lt;0: a=m
 *         else: b=m
 *     return (a+b)/2
 * def orci(kA,nA,kB,nB,conf):
 *     lo,hi,f=pmf(kA,nA,kB,nB); x=kB; t=(1-conf)/2
 *     low=0.0 if x==lo else exp(bisect(lambda th: tails(kA,nA,kB,nB,th)[1]-t,-50,50))
 *     up=float('inf') if x==hi else exp(bisect(lambda th: t-tails(kA,nA,kB,nB,th)[0],-50,50))
 *     return low,up
 * </pre>
 */
final class ConditionalOddsRatioTest {

    /** B against A. */
    private static ConditionalOddsRatio table(int kA, int nA, int kB, int nB) {
        return new ConditionalOddsRatio(kB, nB, kA, nA);
    }

    /** central(kA,nA,kB,nB), minp(…), orci(…, conf) from the snippet above; "Infinity" for an open upper end. */
    @ParameterizedTest(name = "{0}/{1} vs {2}/{3} at {4}")
    @CsvSource({
            "9, 40, 18, 40, 0.95, 0.05756808904558037, 1.5652772988591196e-11, 0.9718966416780978, 8.45073335785945",
            "10, 40, 20, 40, 0.95, 0.036834833076223074, 1.910993372635995e-13, 1.0600775072720348, 8.70467631940343",
            "10, 40, 20, 40, 0.9979166666666667, 0.036834833076223074, 1.910993372635995e-13, 0.6363249515018371, 15.746403462145139",
            "0, 40, 3, 40, 0.95, 0.24050632911392406, 0.24050632911392406, 0.4195905602444442, Infinity",
            "3, 40, 0, 40, 0.95, 0.24050632911392406, 0.24050632911392406, 0.0, 2.3832757329369425",
            "12, 14, 2, 16, 0.95, 0.00015327733450096418, 1.3753013414173546e-08, 0.0017827781152130906, 0.2530350771086415",
            "0, 30, 30, 30, 0.95, 1.6911233892144735e-17, 1.6911233892144735e-17, 114.31622559136387, Infinity",
            "5, 56, 0, 29, 0.99, 0.23290483790734434, 0.007240823648491623, 0.0, 3.6273728737613267"})
    void matchesIndependentComputation(int kA, int nA, int kB, int nB, double confidence, double p, double smallest, double lower,
                                       double upper) {
        ConditionalOddsRatio t = table(kA, nA, kB, nB);
        assertEquals(p, t.centralP(), 1e-9 * p);
        assertEquals(smallest, t.smallestCentralP(), 1e-9 * smallest);
        Interval i = t.interval(confidence);
        assertEquals(lower, i.lower(), 1e-7 * lower);
        if (Double.isInfinite(upper)) assertEquals(Double.POSITIVE_INFINITY, i.upper());
        else assertEquals(upper, i.upper(), 1e-7 * upper);
    }

    /**
     * Fisher's tea-tasting table (3 of 4 right each way). R's {@code fisher.test(tea)} prints p-value = 0.4857 and
     * 95 percent confidence interval 0.2117329 621.9337505 (Penn State STAT 504, lesson 4, TeaLady.out). R finds
     * the bounds with {@code uniroot} at its default tolerance (about 1e-4 on ψ or 1/ψ), so they agree with the exact
     * roots — 0.21173559544657863 and 626.2435305888145 by the snippet above — only to that tolerance; the exact
     * upper root is checked in closed form too: at ψ it solves ψ⁴ / (1 + 16ψ + 36ψ² + 16ψ³ + ψ⁴) = 0.975.
     */
    @Test
    void teaTasting_matchesRsFisherTest() {
        ConditionalOddsRatio tea = table(1, 4, 3, 4);
        assertEquals(34.0 / 70, tea.centralP(), 1e-12);
        Interval i = tea.interval(0.95);
        assertEquals(0.2117329, i.lower(), 1e-4 * 0.2117329);
        assertEquals(621.9337505, i.upper(), 0.01 * 621.9337505);
        assertEquals(0.21173559544657863, i.lower(), 1e-8);
        assertEquals(626.2435305888145, i.upper(), 1e-6);
        double psi = i.upper();
        assertEquals(0.975, Math.pow(psi, 4) / (1 + 16 * psi + 36 * psi * psi + 16 * Math.pow(psi, 3) + Math.pow(psi, 4)), 1e-12);
    }

    /**
     * Issue 10's example: 9/40 against 18/40, where Newcombe's interval [+0.018, +0.408] excluded 0 while the
     * Fisher p-value was 0.058. The central p-value and its own interval agree: p ≥ 0.05 and 1 is inside.
     */
    @Test
    void issueExample_pValueAndIntervalAgree() {
        ConditionalOddsRatio t = table(9, 40, 18, 40);
        assertTrue(t.centralP() >= 0.05);
        assertTrue(t.interval(0.95).contains(1.0));
        assertTrue(Difference.newcombe(18, 40, 9, 40, 0.95).interval().lower() > 0, "Newcombe's interval excludes 0: the old disagreement");
    }

    @Test
    void noYesAtAll_leavesOneTable_soNothingCanBeSignificant() {
        ConditionalOddsRatio t = table(0, 60, 0, 60);
        assertEquals(1.0, t.centralP());
        assertEquals(1.0, t.smallestCentralP());
        assertEquals(new Interval(0.0, Double.POSITIVE_INFINITY), t.interval(0.999));
        assertEquals(1.0, table(60, 60, 60, 60).smallestCentralP());
    }

    /**
     * The interval excludes 1 exactly when the central p-value is below the level, on random tables and levels —
     * including levels equal to the p-value itself, where the test must not reject and 1 must stay inside.
     */
    @Test
    void intervalExcludesOne_exactlyWhenTheTestRejects() {
        SplittableRandom random = new SplittableRandom(20260101);
        int rejected = 0;
        for (int trial = 0; trial < 3000; trial++) {
            int nA = 1 + random.nextInt(80), nB = 1 + random.nextInt(80);
            int kA = random.nextInt(nA + 1), kB = random.nextInt(nB + 1);
            ConditionalOddsRatio t = table(kA, nA, kB, nB);
            double p = t.centralP();
            double alpha = switch (trial % 3) {
                case 0 -> 0.05;
                case 1 -> 0.05 / (1 + random.nextInt(60));
                default -> p < 1 ? p : 0.5; // a tie: p < alpha is false
            };
            Interval i = t.intervalAtLevel(alpha);
            boolean rejects = p < alpha;
            if (rejects) rejected++;
            assertEquals(rejects, !i.contains(1.0), kA + "/" + nA + " vs " + kB + "/" + nB + " at " + alpha + ": p = " + p + ", " + i);
            assertTrue(p >= t.smallestCentralP(), "no table beats the smallest attainable p");
        }
        assertTrue(rejected > 300, "the check saw rejections too: " + rejected);
    }

    /** Swapping the groups inverts the odds ratio: [l, u] becomes [1/u, 1/l]. */
    @Test
    void swappingGroups_invertsTheInterval() {
        Interval ab = table(10, 40, 20, 40).interval(0.95);
        Interval ba = table(20, 40, 10, 40).interval(0.95);
        assertEquals(1 / ab.upper(), ba.lower(), 1e-9);
        assertEquals(1 / ab.lower(), ba.upper(), 1e-6);
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> new ConditionalOddsRatio(5, 4, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> new ConditionalOddsRatio(0, 0, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> table(1, 4, 1, 4).interval(1.0));
        assertFalse(table(1, 4, 1, 4).interval(0.95).contains(-1));
    }
}
