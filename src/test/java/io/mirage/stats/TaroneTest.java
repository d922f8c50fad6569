package io.mirage.stats;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tarone (1990), "A modified Bonferroni method for discrete data", Biometrics 46:515–522. */
final class TaroneTest {

    /**
     * By hand from the definition, α = 0.05, smallest attainable p-values 0.001, 0.004, 0.02, 0.3, 1, 1:
     * K = 1: 3 are below 0.05 (3 &gt; 1); K = 2: 3 below 0.025 (3 &gt; 2); K = 3: 2 below 0.0167 (2 ≤ 3), so K = 3
     * and the first two are testable — Bonferroni over all six would divide by 6.
     */
    @Test
    void divisor_matchesHandComputation() {
        Tarone t = Tarone.of(new double[] {0.001, 0.004, 0.02, 0.3, 1, 1}, 0.05);
        assertEquals(3, t.divisor());
        assertEquals(List.of(true, true, false, false, false, false), t.testable());
        assertEquals(2, t.testableCount());
        assertEquals(0.05 / 3, t.level(), 1e-15);
    }

    /** Hypotheses that cannot reach significance (smallest p of 1, like 0/60 against 0/60) do not change K. */
    @Test
    void untestableHypotheses_doNotInflateTheDivisor() {
        double[] informative = {1e-9, 1e-7, 1e-6, 1e-5, 0.001, 0.002};
        double[] padded = new double[informative.length + 30];
        System.arraycopy(informative, 0, padded, 0, informative.length);
        for (int i = informative.length; i < padded.length; i++) padded[i] = 1.0;
        assertEquals(6, Tarone.of(informative, 0.05).divisor());
        assertEquals(6, Tarone.of(padded, 0.05).divisor());
    }

    @Test
    void noHypothesesOrNoneTestable_giveDivisorOne() {
        assertEquals(1, Tarone.of(new double[0], 0.05).divisor());
        Tarone none = Tarone.of(new double[] {1, 1, 0.2}, 0.05);
        assertEquals(1, none.divisor());
        assertEquals(0, none.testableCount());
    }

    /** On random inputs: at most K testable, K the least such integer, and never more than plain Bonferroni's m. */
    @Test
    void divisor_isTheLeastThatWorks() {
        SplittableRandom random = new SplittableRandom(1990);
        for (int trial = 0; trial < 500; trial++) {
            int m = 1 + random.nextInt(60);
            double[] p = new double[m];
            for (int i = 0; i < m; i++) p[i] = random.nextInt(3) == 0 ? 1.0 : Math.pow(random.nextDouble(), 4);
            Tarone t = Tarone.of(p, 0.05);
            int k = t.divisor();
            assertTrue(k <= m && t.testableCount() <= k);
            if (k > 1) {
                double previous = 0.05 / (k - 1);
                long below = java.util.Arrays.stream(p).filter(x -> x < previous).count();
                assertTrue(below > k - 1, "K − 1 would not have done");
            }
        }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Tarone.of(new double[] {Double.NaN}, 0.05));
        assertThrows(IllegalArgumentException.class, () -> Tarone.of(new double[] {0.1}, 0));
    }
}
