package io.mirage.stats;

import io.mirage.stats.SequentialDecision.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class SequentialDecisionTest {

    /**
     * log M_above and log M_below by direct numerical integration of the likelihood ratio over the uniform prior,
     * an independent route from our incomplete-beta formula (scipy 1.17):
     * <pre>
     * lr = lambda q: math.exp(k*math.log(q/T) + (n-k)*math.log((1-q)/(1-T)))
     * above = math.log(quad(lr, T, 1, epsabs=0, epsrel=1e-13, limit=500)[0] / (1-T))
     * below = math.log(quad(lr, 0, T, epsabs=0, epsrel=1e-13, limit=500)[0] / T)
     * </pre>
     */
    @ParameterizedTest(name = "{0} of {1} vs {2}")
    @CsvSource({
            "12, 14, 0.1, 20.728192955274327, -2.549085266450099",
            "0, 43, 0.1, -3.7841896339182632, 3.039152565770143",
            "0, 42, 0.1, -3.761200115693564, 2.955692897686523",
            "2, 2, 0.1, 3.6109179126442243, -1.0986122886681096",
            "5, 100, 0.1, -4.039663731392215, 1.017100187222734",
            "15, 100, 0.1, -1.1329604024467406, -2.034487635124998",
            "3, 10, 0.3, -1.282956090842832, -0.7157239618801493",
            "0, 0, 0.1, 0.0, 0.0",
            "40, 60, 0.5, 2.1942480014104873, -3.1138940932111567"})
    void logMixtures_matchNumericalIntegration(int k, int n, double t, double above, double below) {
        assertEquals(above, SequentialDecision.logMixtureAbove(k, n, t), 1e-9);
        assertEquals(below, SequentialDecision.logMixtureBelow(k, n, t), 1e-9);
    }

    /** From the values above: with T = 0.1 and α = 0.05 (bar log 20 = 2.996), 0 of 42 is undecided, 0 of 43 BELOW. */
    @Test
    void allNo_decidesBelowAtTheFirstCrossing() {
        SequentialDecision s = SequentialDecision.start(0.1, 0.05, 100);
        while (!s.done()) s = s.observe(false);
        assertEquals(Decision.BELOW, s.decision());
        assertEquals(43, s.samples());
        assertEquals(0, s.maxYesForBelow(43));
        assertEquals(-1, s.maxYesForBelow(42));
        assertTrue(s.reason().startsWith("below 0.1: likelihood ratio 20.9 ≥ 20 after 0 of 43 yes"), s.reason());
    }

    /** Two yes of two against T = 0.1: M_above = e^3.611 = 37 ≥ 20 (see the table above). */
    @Test
    void twoYes_decideAbove() {
        SequentialDecision s = SequentialDecision.start(0.1, 0.05, 100).observe(true);
        assertEquals(Decision.UNDECIDED, s.decision());
        assertEquals("undecided after 1 of 1 yes, likelihood ratios 5.5 (above 0.1) and 0.5 (below 0.1), both < 20", s.reason());
        s = s.observe(true);
        assertEquals(Decision.ABOVE, s.decision());
        assertEquals("above 0.1: likelihood ratio 37 ≥ 20 after 2 of 2 yes", s.reason());
        assertEquals(2, s.minYesForAbove(2));
        assertEquals(2, s.yes());
        SequentialDecision done = s;
        assertThrows(IllegalStateException.class, () -> done.observe(false));
    }

    @Test
    void cap_endsUndecided() {
        SequentialDecision s = SequentialDecision.start(0.1, 0.05, 10);
        for (int i = 0; i < 10; i++) s = s.observe(i == 0);
        assertTrue(s.done());
        assertTrue(s.capReached());
        assertEquals(Decision.UNDECIDED, s.decision());
        assertTrue(s.reason().startsWith("reached the cap of 10 samples undecided: 1 of 10 yes"), s.reason());
    }

    /** after(k, n) judges the counts alone; boundaries agree with it. */
    @Test
    void after_agreesWithTheBoundaries() {
        SequentialDecision start = SequentialDecision.start(0.2, 0.05, 200);
        for (int n = 0; n <= 200; n += 7) {
            int above = start.minYesForAbove(n);
            int below = start.maxYesForBelow(n);
            assertTrue(below < above, "the two decisions never overlap");
            for (int k = 0; k <= n; k++) {
                Decision d = start.after(k, n).decision();
                Decision expected = k >= above ? Decision.ABOVE : k <= below ? Decision.BELOW : Decision.UNDECIDED;
                assertEquals(expected, d, k + " of " + n);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> start.after(3, 201));
        assertThrows(IllegalArgumentException.class, () -> start.after(4, 3));
    }

    private record Outcome(int above, int below, long samples) {}

    private static Outcome simulate(double p, double threshold, double alpha, int cap, int cells, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int above = 0, below = 0;
        long samples = 0;
        for (int c = 0; c < cells; c++) {
            SequentialDecision s = SequentialDecision.start(threshold, alpha, cap);
            while (!s.done()) s = s.observe(random.nextDouble() < p);
            if (s.decision() == Decision.ABOVE) above++;
            if (s.decision() == Decision.BELOW) below++;
            samples += s.samples();
        }
        return new Outcome(above, below, samples);
    }

    /**
     * Ville's bound under peeking after every sample: at p = T each wrong decision has rate ≤ α; allow 3 Monte
     * Carlo standard errors, √(α(1−α)/2000) ≈ 0.0049.
     */
    @Test
    void atTheThreshold_eachWrongDecisionRate_isWithinAlpha() {
        double alpha = 0.05;
        int cells = 2000;
        Outcome o = simulate(0.1, 0.1, alpha, 100, cells, 42);
        double bound = alpha + 3 * Math.sqrt(alpha * (1 - alpha) / cells);
        assertTrue((double) o.above() / cells <= bound, "ABOVE rate " + (double) o.above() / cells);
        assertTrue((double) o.below() / cells <= bound, "BELOW rate " + (double) o.below() / cells);
    }

    /** With no yes at all, every cell decides BELOW, and well before the cap. */
    @Test
    void atZero_decidesBelow_withFewerSamplesThanTheCap() {
        Outcome o = simulate(0.0, 0.1, 0.05, 100, 200, 1);
        assertEquals(200, o.below());
        assertTrue(o.samples() / 200.0 < 100, "mean samples " + o.samples() / 200.0);
    }

    @Test
    void rejectsBadSettings_withReadableMessages() {
        assertEquals("threshold must be greater than 0 and less than 1, was 1.0",
                assertThrows(IllegalArgumentException.class, () -> SequentialDecision.start(1.0, 0.05, 100)).getMessage());
        assertEquals("alpha must be greater than 0 and less than 1, was 0.0",
                assertThrows(IllegalArgumentException.class, () -> SequentialDecision.start(0.1, 0, 100)).getMessage());
        assertEquals("the sample cap must be at least 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> SequentialDecision.start(0.1, 0.05, 0)).getMessage());
        assertFalse(SequentialDecision.start(0.1, 0.05, 1).done());
    }
}
