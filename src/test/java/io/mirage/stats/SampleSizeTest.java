package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class SampleSizeTest {

    /**
     * Reference values by brute force in Python (scipy 1.17 for z):
     * <pre>
     * z = norm.ppf(1 - (1 - c) / 2)
     * half = lambda p, n: z*math.sqrt(p*(1-p)/n + z*z/(4*n*n))/(1 + z*z/n)
     * n = 1
     * while half(p, n) &gt; m: n += 1                      # Wilson
     * math.ceil(z*z*p*(1-p)/m**2)                         # normal approximation
     * </pre>
     * 385 for ±5% at 50% and 95% is also the textbook survey figure (1.96²·0.25/0.05² = 384.16).
     */
    @ParameterizedTest(name = "rate {0} ± {1} at {2}: Wilson {3}, normal {4}")
    @CsvSource({
            "0.5, 0.05, 0.95, 381, 385",
            "0.1, 0.05, 0.95, 141, 139",
            "0.01, 0.01, 0.95, 454, 381",
            "0.0, 0.05, 0.95, 35, 0",
            "0.3, 0.1, 0.90, 55, 57",
            "0.5, 0.03, 0.99, 1837, 1844",
            "0.05, 0.02, 0.95, 469, 457",
            "0.9, 0.05, 0.95, 141, 139"})
    void forMargin_matchesBruteForce(double rate, double margin, double confidence, int wilson, int normal) {
        assertEquals(wilson, SampleSize.forMargin(rate, margin, confidence));
        assertEquals(normal, SampleSize.normalApproximation(rate, margin, confidence));
    }

    /** The answer is the smallest n: the margin holds at n and fails at n − 1, and agrees with the interval. */
    @Test
    void forMargin_isTheSmallestSufficientN() {
        for (double rate : new double[] {0.0, 0.02, 0.2, 0.5, 0.97, 1.0}) {
            for (double margin : new double[] {0.01, 0.04, 0.2}) {
                int n = SampleSize.forMargin(rate, margin, 0.95);
                assertTrue(SampleSize.wilsonHalfWidth(rate, n, 0.95) <= margin);
                if (n > 1) assertTrue(SampleSize.wilsonHalfWidth(rate, n - 1, 0.95) > margin);
            }
        }
        Interval i = Proportions.wilson95(20, 200);
        assertEquals((i.upper() - i.lower()) / 2, SampleSize.wilsonHalfWidth(0.1, 200, 0.95), 1e-15);
        assertEquals(1, SampleSize.forMargin(0.5, 0.9, 0.95));
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
    }
}
