package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class DifferenceTest {

    /**
     * Newcombe (1998), "Interval estimation for the difference between independent proportions: comparison
     * of eleven methods", Statistics in Medicine 17:873–890, Table II, method 10, examples (a)–(h), printed to
     * 4 decimals. Checked against our own Python computation of the same formula (scipy 1.17):
     * <pre>
     * from scipy.stats import binomtest; import math
     * def w(k, n): ci = binomtest(k, n).proportion_ci(0.95, method='wilson'); return ci.low, ci.high
     * def newc(k1, n1, k2, n2):
     *     p1, p2 = k1/n1, k2/n2; l1, u1 = w(k1, n1); l2, u2 = w(k2, n2); d = p1 - p2
     *     return d, d - math.sqrt((p1-l1)**2 + (u2-p2)**2), d + math.sqrt((u1-p1)**2 + (p2-l2)**2)
     * </pre>
     * which gives e.g. (0.2, 0.0524314724, 0.3338726540) for 56/70 − 48/80; the 10-digit values are used here.
     */
    @ParameterizedTest(name = "{0}/{1} − {2}/{3} → [{4}, {5}]")
    @CsvSource({
            "56, 70, 48, 80, 0.0524314724, 0.3338726540",
            "9, 10, 3, 10, 0.1705227239, 0.8090179735",
            "6, 7, 2, 7, 0.0582279275, 0.8062496375",
            "5, 56, 0, 29, -0.0381371479, 0.1925600139",
            "0, 10, 0, 20, -0.1611251581, 0.2775327999",
            "0, 10, 0, 10, -0.2775327999, 0.2775327999",
            "10, 10, 0, 20, 0.6790860371, 1.0",
            "10, 10, 0, 10, 0.6075093504, 1.0"})
    void newcombe_matchesNewcombeTableII(int k1, int n1, int k2, int n2, double lower, double upper) {
        Difference d = Difference.newcombe(k1, n1, k2, n2, 0.95);
        assertEquals((double) k1 / n1 - (double) k2 / n2, d.estimate(), 1e-15);
        assertEquals(lower, d.interval().lower(), 1e-9);
        assertEquals(upper, d.interval().upper(), 1e-9);
    }

    @Test
    void newcombe_swappingGroups_negatesTheInterval() {
        Difference ab = Difference.newcombe(56, 70, 48, 80, 0.9);
        Difference ba = Difference.newcombe(48, 80, 56, 70, 0.9);
        assertEquals(-ab.estimate(), ba.estimate(), 1e-15);
        assertEquals(-ab.interval().upper(), ba.interval().lower(), 1e-12);
        assertEquals(-ab.interval().lower(), ba.interval().upper(), 1e-12);
        assertTrue(ab.interval().upper() - ab.interval().lower()
                < Difference.newcombe(56, 70, 48, 80, 0.95).interval().upper()
                - Difference.newcombe(56, 70, 48, 80, 0.95).interval().lower());
    }

    @Test
    void newcombe_rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> Difference.newcombe(1, 0, 1, 2, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Difference.newcombe(3, 2, 1, 2, 0.95));
    }
}
