package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class FisherPowerTest {

    /**
     * Reference values from Python 3 (standard library only), one Fisher test per table — no grouping by total and no
     * tail walk, unlike the code under test:
     * <pre>
     * def lbinom(n,k): return math.lgamma(n+1)-math.lgamma(k+1)-math.lgamma(n-k+1)
     * def power(n,p1,p2,alpha=0.05):
     *     b = lambda p,x: (math.exp(lbinom(n,x)+x*math.log(p)+(n-x)*math.log1p(-p)) if 0&lt;p&lt;1
     *                      else float(x==(n if p==1 else 0)))
     *     pw=0.0
     *     for t in range(0,2*n+1):
     *         lo=max(0,t-n); hi=min(t,n)
     *         lp=[lbinom(n,x)+lbinom(n,t-x) for x in range(lo,hi+1)]
     *         m=max(lp); d=[math.exp(v-m) for v in lp]; tot=sum(d)
     *         for i,x in enumerate(range(lo,hi+1)):
     *             low=sum(d[:i+1])/tot; up=sum(d[i:])/tot
     *             p=min(1.0,2*min(low,up))          # central two-sided Fisher p, as compare runs it
     *             if p&lt;alpha: pw+=b(p1,x)*b(p2,t-x)
     *     return pw
     * </pre>
     */
    @ParameterizedTest(name = "n {0}, rates {1} and {2}: power {3}")
    @CsvSource({
            "10, 0.1, 0.6, 0.4739610766621754",
            "25, 0.2, 0.5, 0.5103762699125419",
            "40, 0.05, 0.3, 0.8207046317359162",
            "110, 0.1, 0.25, 0.8041041097426446",
            "109, 0.1, 0.25, 0.7994721552228631",
            "60, 0.0, 0.15, 0.9032014912731212",
            "30, 0.5, 0.5, 0.02740840750943613"})
    void twoSided_matchesPython(int n, double p1, double p2, double power) {
        assertEquals(power, FisherPower.twoSided(n, p1, p2, 0.05), 1e-12);
        assertEquals(power, FisherPower.twoSided(n, p2, p1, 0.05), 1e-12, "symmetric in the arms");
    }

    /**
     * The fast power is the brute-force sum over all tables that compare's own test ({@link ConditionalOddsRatio#centralP()})
     * rejects. With equal arms the null hypergeometric is symmetric, so the central p-value equals the minimum-likelihood
     * one ({@link FisherExact#twoSided}) and the figures above are also R's fisher.test power.
     */
    @Test
    void twoSided_isTheSumOverTablesThatFisherExactRejects() {
        for (int n : new int[] {1, 2, 7, 16}) {
            for (double[] rates : new double[][] {{0.2, 0.7}, {0.0, 0.4}, {0.5, 0.5}, {0.9, 1.0}}) {
                for (double alpha : new double[] {0.01, 0.05, 0.2}) {
                    org.hipparchus.distribution.discrete.BinomialDistribution a = new org.hipparchus.distribution.discrete.BinomialDistribution(n, rates[0]);
                    org.hipparchus.distribution.discrete.BinomialDistribution b = new org.hipparchus.distribution.discrete.BinomialDistribution(n, rates[1]);
                    double expected = 0;
                    for (int x1 = 0; x1 <= n; x1++) {
                        for (int x2 = 0; x2 <= n; x2++) {
                            if (new ConditionalOddsRatio(x1, n, x2, n).centralP() < alpha) expected += a.probability(x1) * b.probability(x2);
                        }
                    }
                    assertEquals(expected, FisherPower.twoSided(n, rates[0], rates[1], alpha), 1e-12,
                            n + " " + rates[0] + " " + rates[1] + " " + alpha);
                }
            }
        }
    }

    /** Fisher's test is conservative: with equal rates it rejects no more often than α. */
    @Test
    void equalRates_rejectAtMostAlpha() {
        for (double p : new double[] {0.01, 0.1, 0.5}) {
            for (int n : new int[] {5, 50, 200}) {
                double size = FisherPower.twoSided(n, p, p, 0.05);
                assertTrue(size <= 0.05, p + " " + n + ": " + size);
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> FisherPower.twoSided(0, 0.1, 0.2, 0.05));
        assertThrows(IllegalArgumentException.class, () -> FisherPower.twoSided(10, 1.1, 0.2, 0.05));
        assertThrows(IllegalArgumentException.class, () -> FisherPower.twoSided(10, 0.1, 0.2, 0));
    }
}
