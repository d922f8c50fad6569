package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ConfidenceSequenceTest {

    /**
     * Reference values computed independently in Python (standard library; 200 bisection steps on the
     * defining equation, not this class's code):
     * <pre>
     * from math import lgamma, log, log1p
     * def logM(k, n, p):
     *     lb = lgamma(k+1) + lgamma(n-k+1) - lgamma(n+2)
     *     return lb - ((k*log(p) if k else 0.0) + ((n-k)*log1p(-p) if n-k else 0.0))
     * def root(k, n, a, lo, hi):            # lo outside the set, hi inside it
     *     for _ in range(200):
     *         m = (lo+hi)/2
     *         if logM(k, n, m) >= log(1/a): lo = m
     *         else: hi = m
     *     return lo
     * # lower = root(k, n, .05, 0, k/n); upper = root(k, n, .05, 1, k/n)
     * </pre>
     */
    @ParameterizedTest(name = "{0}/{1} → [{2}, {3}]")
    @CsvSource({
            "3, 10, 0.0366402904, 0.7332594738",
            "30, 100, 0.1694464780, 0.4572459876",
            "12, 40, 0.1181091801, 0.5404122379"})
    void betaBinomial_matchesIndependentComputation(int k, int n, double lower, double upper) {
        Interval i = ConfidenceSequence.betaBinomial(k, n, 0.95);
        assertEquals(lower, i.lower(), 1e-9);
        assertEquals(upper, i.upper(), 1e-9);
    }

    /**
     * At k = 0 the mixture is B(1, n+1) / (1−p)^n = 1 / ((n+1)(1−p)^n), so M = 1/α has the closed form
     * p = 1 − (α/(n+1))^(1/n); for n = 20: 1 − (1/420)^(1/20) = 0.260671350938. By symmetry, at k = n the
     * lower end is (1/420)^(1/20) = 0.739328649062.
     */
    @Test
    void betaBinomial_atTheEdges_hasTheClosedForm() {
        Interval none = ConfidenceSequence.betaBinomial(0, 20, 0.95);
        assertEquals(0.0, none.lower());
        assertEquals(0.260671350938, none.upper(), 1e-11);
        Interval all = ConfidenceSequence.betaBinomial(20, 20, 0.95);
        assertEquals(0.739328649062, all.lower(), 1e-11);
        assertEquals(1.0, all.upper());
    }

    @Test
    void betaBinomial_endsAreWhereTheMixtureReachesOneOverAlpha() {
        for (int n : new int[]{5, 37, 200}) {
            for (int k = 1; k < n; k += Math.max(1, n / 7)) {
                Interval i = ConfidenceSequence.betaBinomial(k, n, 0.95);
                assertEquals(Math.log(20), ConfidenceSequence.logMixture(k, n, i.lower()), 1e-6, k + "/" + n);
                assertEquals(Math.log(20), ConfidenceSequence.logMixture(k, n, i.upper()), 1e-6, k + "/" + n);
            }
        }
    }

    @Test
    void betaBinomial_isWiderThanTheFixedSampleInterval_andEmptyDataGiveEverything() {
        for (int n = 1; n <= 120; n += 7) {
            for (int k = 0; k <= n; k += 3) {
                Interval cs = ConfidenceSequence.betaBinomial(k, n, 0.95);
                Interval cp = Proportions.clopperPearson(k, n, 0.95);
                assertTrue(cs.lower() <= cp.lower() + 1e-12 && cs.upper() >= cp.upper() - 1e-12, k + "/" + n + ": " + cs + " vs " + cp);
            }
        }
        assertEquals(new Interval(0, 1), ConfidenceSequence.betaBinomial(0, 0, 0.95));
    }
}
