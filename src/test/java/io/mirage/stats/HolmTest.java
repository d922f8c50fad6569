package io.mirage.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class HolmTest {

    /**
     * By hand from the definition (Holm 1979): sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 give
     * 0.02, 0.03, 0.06, 0.04; the running maximum makes the last 0.06; back in the original order
     * that is 0.03, 0.06, 0.06, 0.02.
     */
    @Test
    void adjust_matchesHandComputation() {
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02},
                Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-15);
    }

    /** By hand: 0.02·3 = 0.06, 0.3·2 = 0.6, 0.5·1 = 0.5 → running maximum 0.6; then a pair capped at 1. */
    @Test
    void adjust_isMonotoneAndCapped() {
        assertArrayEquals(new double[] {0.6, 0.6, 0.06}, Holm.adjust(new double[] {0.5, 0.3, 0.02}), 1e-15);
        assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.7, 0.9}), 0.0);
        assertArrayEquals(new double[] {0.42}, Holm.adjust(new double[] {0.42}), 0.0);
        assertArrayEquals(new double[0], Holm.adjust(new double[0]), 0.0);
    }

    /** Ties keep equal adjusted values: 0.01·3 = 0.03, 0.01·2 = 0.02 → 0.03, 0.03·1 → 0.03. */
    @Test
    void adjust_handlesTies() {
        assertArrayEquals(new double[] {0.03, 0.03, 0.03}, Holm.adjust(new double[] {0.01, 0.03, 0.01}), 1e-15);
    }

    /** Properties on random inputs: adjusted ≥ raw, ≤ 1, ≤ Bonferroni, and ordered like the raw values. */
    @Test
    void adjust_properties() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + random.nextInt(20);
            double[] p = new double[m];
            for (int i = 0; i < m; i++) p[i] = Math.pow(random.nextDouble(), 3);
            double[] a = Holm.adjust(p);
            for (int i = 0; i < m; i++) {
                assertTrue(a[i] >= p[i] && a[i] <= 1.0);
                assertTrue(a[i] <= Math.min(1.0, m * p[i]) + 1e-15);
                for (int j = 0; j < m; j++) {
                    if (p[i] < p[j]) assertTrue(a[i] <= a[j], "adjusted values must keep the order");
                }
            }
            double min = Double.MAX_VALUE;
            for (double x : p) min = Math.min(min, x);
            double minAdjusted = Double.MAX_VALUE;
            for (double x : a) minAdjusted = Math.min(minAdjusted, x);
            assertEquals(Math.min(1.0, m * min), minAdjusted, 1e-15, "the smallest is Bonferroni-adjusted");
        }
    }

    @Test
    void adjust_doesNotModifyItsArgument_andRejectsNonsense() {
        double[] p = {0.2, 0.01};
        Holm.adjust(p);
        assertArrayEquals(new double[] {0.2, 0.01}, p, 0.0);
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {0.1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {1.5}));
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {-0.1}));
    }
}
