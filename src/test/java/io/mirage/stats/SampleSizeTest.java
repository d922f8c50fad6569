package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class SampleSizeTest {

    /**
     * Reference values by brute force in Python 3 (standard library only), independent of Hipparchus: Clopper–Pearson
     * bounds from the regularized incomplete beta function by its continued fraction (Numerical Recipes, 3rd ed.,
     * §6.4) and bisection; then a scan over every n from 1 (n) and on to 3n (the last n that fails, plus one: holdsFrom).
     * <pre>
     * def betacf(a,b,x):                       # Lentz's continued fraction for I_x(a,b)
     *     qab=a+b; qap=a+1; qam=a-1; c=1.0; d=1-qab*x/qap
     *     d=1/(d if abs(d)&gt;1e-300 else 1e-300); h=d
     *     for m in range(1,100000):
     *         m2=2*m; aa=m*(b-m)*x/((qam+m2)*(a+m2))
     *         d=1+aa*d; d=1/(d if abs(d)&gt;1e-300 else 1e-300); c=1+aa/c; c=c if abs(c)&gt;1e-300 else 1e-300; h*=d*c
     *         aa=-(a+m)*(qab+m)*x/((a+m2)*(qap+m2))
     *         d=1+aa*d; d=1/(d if abs(d)&gt;1e-300 else 1e-300); c=1+aa/c; c=c if abs(c)&gt;1e-300 else 1e-300
     *         de=d*c; h*=de
     *         if abs(de-1)&lt;1e-15: return h
     * def ibeta(a,b,x):
     *     if x&lt;=0: return 0.0
     *     if x&gt;=1: return 1.0
     *     lbt=math.lgamma(a+b)-math.lgamma(a)-math.lgamma(b)+a*math.log(x)+b*math.log1p(-x)
     *     if x&lt;(a+1)/(a+b+2): return math.exp(lbt)*betacf(a,b,x)/a
     *     return 1-math.exp(lbt)*betacf(b,a,1-x)/b
     * def quantile(q,a,b):                     # bisection, 80 halvings
     *     lo,hi=0.0,1.0
     *     for _ in range(80):
     *         mid=(lo+hi)/2
     *         if ibeta(a,b,mid)&lt;q: lo=mid
     *         else: hi=mid
     *     return (lo+hi)/2
     * def cp(k,n,conf):
     *     t=(1-conf)/2
     *     return (0.0 if k==0 else quantile(t,k,n-k+1)), (1.0 if k==n else quantile(1-t,k+1,n-k))
     * def expected(r,n): return math.floor(r*n+0.5) if r&lt;=0.5 else n-math.floor((1-r)*n+0.5)
     * def limit(r,m): return min(2*m, r+m, 1-r+m)
     * def holds(r,m,conf,n):
     *     lo,up=cp(expected(r,n),n,conf); return up-lo&lt;=limit(r,m)
     * n=1
     * while not holds(r,m,c,n): n+=1
     * holds_from=max(n, 1+max([j for j in range(n,3*n+1) if not holds(r,m,c,j)], default=0))
     * </pre>
     * The first row is the example: 0.05 ± 0.02 needs 505 for the exact interval (Wilson's half-width gave
     * 469). The second is rate 0: 0/72 gives [0, 0.0499]; Wilson's 35 gave [0, 0.100].
     */
    @ParameterizedTest(name = "rate {0} ± {1} at {2}: n {3} (holds from {4}), k {5}, [{6}, {7}]")
    @CsvSource({
            "0.05, 0.02, 0.95, 505, 514, 25, 0.032289682982717186, 0.07221425037819229",
            "0.0, 0.05, 0.95, 72, 72, 0, 0.0, 0.04994408370585464",
            "1.0, 0.05, 0.95, 72, 72, 72, 0.9500559162941453, 1.0",
            "0.95, 0.02, 0.95, 505, 514, 480, 0.9277857496218069, 0.9677103170172823",
            "0.3, 0.05, 0.95, 341, 341, 102, 0.25098761578713014, 0.3507818993140972",
            "0.5, 0.05, 0.95, 402, 402, 201, 0.45003495617660083, 0.5499650438233992",
            "0.01, 0.02, 0.95, 231, 269, 2, 0.0010502502456647112, 0.030924002091749052",
            "0.1, 0.05, 0.90, 114, 118, 11, 0.0550587320094372, 0.15465926706915972",
            "0.5, 0.1, 0.99, 172, 172, 86, 0.4000497959282955, 0.5999502040717044",
            "0.004, 0.01, 0.95, 497, 497, 2, 0.0004877146866709664, 0.014460387572041659",
            "0.2, 0.03, 0.95, 715, 715, 143, 0.17126855252608997, 0.23123097317913133",
            "0.7, 0.04, 0.95, 527, 527, 369, 0.6590777585554326, 0.7390392941442656"})
    void forMargin_matchesBruteForce(double rate, double margin, double confidence, int n, int holdsFrom, int k,
                                     double lower, double upper) {
        SampleSize.MarginPlan plan = SampleSize.forMargin(rate, margin, confidence);
        assertEquals(n, plan.n());
        assertEquals(holdsFrom, plan.holdsFrom());
        assertEquals(k, plan.k());
        assertEquals(lower, plan.interval().lower(), 1e-12);
        assertEquals(upper, plan.interval().upper(), 1e-12);
        assertEquals(Proportions.clopperPearson(k, n, confidence), plan.interval(), "the interval the report will show");
    }

    /**
     * The bisection's assumptions (width shrinks within a run of equal k, and from run to run) checked against a
     * plain scan with this code's own interval over a grid of rates, margins and levels.
     */
    @Test
    void forMargin_agreesWithALinearScan() {
        for (double rate : new double[] {0.0, 0.003, 0.02, 0.05, 0.1, 0.25, 0.37, 0.5, 0.63, 0.8, 0.999, 1.0}) {
            for (double margin : new double[] {0.05, 0.1, 0.2}) {
                for (double confidence : new double[] {0.9, 0.95}) {
                    SampleSize.MarginPlan plan = SampleSize.forMargin(rate, margin, confidence);
                    int first = 0;
                    int lastFailure = 0;
                    for (int n = 1; n <= 3 * Math.max(plan.n(), 10); n++) {
                        int k = (int) SampleSize.expectedCount(rate, n);
                        Interval i = Proportions.clopperPearson(k, n, confidence);
                        boolean holds = i.upper() - i.lower() <= SampleSize.widthLimit(rate, margin);
                        if (holds && first == 0) first = n;
                        if (!holds && first > 0) lastFailure = n;
                    }
                    String what = rate + " ± " + margin + " at " + confidence;
                    assertEquals(first, plan.n(), what);
                    assertEquals(Math.max(first, lastFailure + 1), plan.holdsFrom(), what);
                }
            }
        }
    }

    /** The window is cut at 0 and 1: rate ± margin as far as it lies in [0, 1]. */
    @Test
    void widthLimit_isTheWindowInsideTheUnitInterval() {
        assertEquals(0.04, SampleSize.widthLimit(0.05, 0.02), 1e-15);
        assertEquals(0.05, SampleSize.widthLimit(0.0, 0.05), 1e-15);
        assertEquals(0.07, SampleSize.widthLimit(0.02, 0.05), 1e-15);
        assertEquals(0.07, SampleSize.widthLimit(0.98, 0.05), 1e-15);
        assertEquals(0.1, SampleSize.widthLimit(0.5, 0.05), 1e-15);
    }

    /** Half up, and mirrored above 0.5, so that a rate and its complement get the same n. */
    @Test
    void expectedCount_roundsHalfUp_andIsSymmetric() {
        assertEquals(25, SampleSize.expectedCount(0.05, 490));   // 24.5 rounds up
        assertEquals(465, SampleSize.expectedCount(0.95, 490));  // 490 − 25
        assertEquals(0, SampleSize.expectedCount(0.0, 1000));
        assertEquals(1000, SampleSize.expectedCount(1.0, 1000));
        for (double rate : new double[] {0.07, 0.2, 0.33}) {
            SampleSize.MarginPlan low = SampleSize.forMargin(rate, 0.04, 0.95);
            SampleSize.MarginPlan high = SampleSize.forMargin(1 - rate, 0.04, 0.95);
            assertEquals(low.n(), high.n());
            assertEquals(low.n() - low.k(), high.k());
        }
    }

    /**
     * One-sided 95% bound at k = 0 is 1 − 0.05^(1/n): Python {@code next(n for n in range(1, 10**6)
     * if 1 - 0.05**(1/n) <= m)} gives 59 for m = 0.05 (0/59: 0.04951), 299 for 0.01, 29 for 0.1 at 95%, and 90 for
     * 0.05 at 99%. 59 is the "rule of three" (3/0.05 = 60; Hanley &amp; Lippman-Hand 1983) made exact.
     */
    @ParameterizedTest(name = "0/n below {0} at {1}: n = {2}")
    @CsvSource({"0.05, 0.95, 59", "0.01, 0.95, 299", "0.1, 0.95, 29", "0.05, 0.99, 90"})
    void forUpperBound_matchesPython(double bound, double confidence, int n) {
        assertEquals(n, SampleSize.forUpperBound(bound, confidence));
        assertTrue(Proportions.upperBound(0, n, confidence) <= bound);
        assertTrue(Proportions.upperBound(0, n - 1, confidence) > bound);
    }

    /**
     * Reference values computed by hand from ⌈z²p(1−p)/m²⌉: 385 for ±5% at 50% and 95% is also the textbook
     * survey figure (1.96²·0.25/0.05² = 384.16).
     */
    @ParameterizedTest(name = "rate {0} ± {1} at {2}: normal {3}")
    @CsvSource({"0.5, 0.05, 0.95, 385", "0.1, 0.05, 0.95, 139", "0.0, 0.05, 0.95, 0", "0.05, 0.02, 0.95, 457"})
    void normalApproximation_isTheTextbookFormula(double rate, double margin, double confidence, int normal) {
        assertEquals(normal, SampleSize.normalApproximation(rate, margin, confidence));
    }

    @Test
    void rejectsBadArguments_withReadableMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleSize.forMargin(1.5, 0.05, 0.95));
        assertEquals("rate must be between 0 and 1, was 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SampleSize.forMargin(0.1, 0, 0.95));
        assertEquals("margin must be greater than 0 and less than 1, was 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SampleSize.forMargin(0.1, 0.05, 95));
        assertEquals("confidence must be greater than 0 and less than 1, was 95.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SampleSize.forMargin(Double.NaN, 0.05, 0.95));
        e = assertThrows(IllegalArgumentException.class, () -> SampleSize.forMargin(0.5, 1e-6, 0.95));
        assertTrue(e.getMessage().startsWith("margin 1.0E-6 is too small"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SampleSize.forMargin(0.0, 1e-10, 0.95));
        assertTrue(e.getMessage().startsWith("margin 1.0E-10 is too small"), e.getMessage());
    }

    /** Large plans stay quick and consistent: the margin holds at n and fails at n − 1. */
    @Test
    void largePlans_holdAtNAndFailJustBelow() {
        for (double[] c : new double[][] {{0.5, 0.002}, {0.01, 0.001}, {1e-9, 0.01}}) {
            SampleSize.MarginPlan plan = SampleSize.forMargin(c[0], c[1], 0.95);
            assertTrue(plan.width() <= plan.widthLimit(), plan.toString());
            int k = (int) SampleSize.expectedCount(c[0], plan.n() - 1);
            Interval before = Proportions.clopperPearson(k, plan.n() - 1, 0.95);
            assertTrue(before.upper() - before.lower() > plan.widthLimit(), plan.toString());
        }
    }
}
