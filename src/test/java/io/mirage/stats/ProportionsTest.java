package io.mirage.stats;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class ProportionsTest {

    /**
     * Reference values: Newcombe R.G. (1998), "Two-sided confidence intervals for the single
     * proportion: comparison of seven methods", Statistics in Medicine 17:857–872: its worked examples,
     * method 3 (Wilson score, no continuity correction), printed to 4 decimals.
     */
    @ParameterizedTest(name = "{0}/{1} → [{2}, {3}]")
    @CsvSource({
            "81, 263, 0.2553, 0.3662",
            "15, 148, 0.0624, 0.1605",
            "0, 20, 0.0000, 0.1611",
            "1, 29, 0.0061, 0.1718"})
    void wilson_matchesNewcombeTable(int k, int n, double lower, double upper) {
        Interval i = Proportions.wilson95(k, n);
        assertEquals(lower, i.lower(), 0.00005);
        assertEquals(upper, i.upper(), 0.00005);
    }

    @Test
    void wilson_allSuccesses_reachesOne_andIsSymmetricToNoSuccesses() {
        Interval all = Proportions.wilson95(29, 29);
        Interval none = Proportions.wilson95(0, 29);
        assertEquals(1.0, all.upper());
        assertEquals(1 - none.upper(), all.lower(), 1e-12);
    }

    @Test
    void wilson_rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> Proportions.wilson95(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Proportions.wilson95(5, 4));
        assertThrows(IllegalArgumentException.class, () -> Proportions.wilson95(-1, 4));
    }
}
