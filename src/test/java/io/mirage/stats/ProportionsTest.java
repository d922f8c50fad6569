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

    /**
     * Clopper–Pearson reference values from scipy 1.17:
     * {@code scipy.stats.binomtest(k, n).proportion_ci(0.95, method='exact')} (printed with repr()).
     * The first four also agree to 4 decimals with Newcombe (1998), Statistics in Medicine 17:857–872,
     * worked examples, method 5 (0.2527–0.3676, 0.0578–0.1617, 0.0000–0.1684, 0.0009–0.1776).
     */
    @ParameterizedTest(name = "{0}/{1} → [{2}, {3}]")
    @CsvSource({
            "81, 263, 0.25273674558504267, 0.36762192260134746",
            "15, 148, 0.05784401008344801, 0.16165049034947895",
            "0, 20, 0.0, 0.16843347098308548",
            "1, 29, 0.0008726468835971072, 0.17764429548841465",
            "3, 10, 0.06673951117773447, 0.652452850060008",
            "20, 20, 0.8315665290169145, 1.0",
            "7, 1000, 0.0028188587596180135, 0.014369194979269567"})
    void clopperPearson_matchesScipy(int k, int n, double lower, double upper) {
        Interval i = Proportions.clopperPearson(k, n, 0.95);
        assertEquals(lower, i.lower(), 1e-9);
        assertEquals(upper, i.upper(), 1e-9);
    }

    /**
     * 99% intervals for 2/50, scipy 1.17: {@code binomtest(2, 50).proportion_ci(0.99, method='exact')} and
     * {@code method='wilson'}.
     */
    @Test
    void otherConfidenceLevels_matchScipy() {
        Interval cp = Proportions.clopperPearson(2, 50, 0.99);
        assertEquals(0.00208872484703438, cp.lower(), 1e-9);
        assertEquals(0.17250175969179182, cp.upper(), 1e-9);
        Interval w = Proportions.wilsonAt(2, 50, 0.99);
        assertEquals(0.00785062033530226, w.lower(), 1e-9);
        assertEquals(0.1799293040449155, w.upper(), 1e-9);
    }

    /**
     * One-sided exact bounds, scipy 1.17: upper = {@code scipy.stats.beta.ppf(c, k+1, n-k)},
     * lower = {@code scipy.stats.beta.ppf(1-c, k, n-k+1)}.
     */
    @ParameterizedTest(name = "{0}/{1} at {2}: ({3}, {4})")
    @CsvSource({
            "0, 100, 0.95, 0.0, 0.029513049607039925",
            "0, 30, 0.95, 0.0, 0.09503385285530411",
            "2, 40, 0.95, 0.008956945592975595, 0.14915196127321298",
            "5, 100, 0.90, 0.02452036037887801, 0.09077146961407018",
            "99, 100, 0.95, 0.9534401885464611, 0.9994871985837377",
            "100, 100, 0.95, 0.9704869503929601, 1.0"})
    void oneSidedBounds_matchScipy(int k, int n, double confidence, double lower, double upper) {
        assertEquals(upper, Proportions.upperBound(k, n, confidence), 1e-9);
        assertEquals(lower, Proportions.lowerBound(k, n, confidence), 1e-9);
    }

    /** At k = 0 the exact upper bound is 1 − α^(1/n), close to the rule of three, 3/n. */
    @Test
    void upperBound_atZero_isRuleOfThree() {
        for (int n : new int[] {30, 100, 1000}) {
            double bound = Proportions.upperBound(0, n, 0.95);
            assertEquals(1 - Math.pow(0.05, 1.0 / n), bound, 1e-12);
            assertEquals(3.0 / n, bound, 0.15 / n);
        }
    }

    /** z for two-sided levels, scipy 1.17: {@code scipy.stats.norm.ppf(1 - (1 - c) / 2)}. */
    @ParameterizedTest(name = "z({0}) = {1}")
    @CsvSource({
            "0.95, 1.959963984540054",
            "0.90, 1.6448536269514722",
            "0.99, 2.5758293035489004",
            "0.50, 0.6744897501960817"})
    void z_matchesScipy(double confidence, double z) {
        assertEquals(z, Proportions.z(confidence), 1e-12);
    }

    @Test
    void intervals_rejectImpossibleArguments() {
        assertThrows(IllegalArgumentException.class, () -> Proportions.clopperPearson(3, 2, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Proportions.clopperPearson(1, 2, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Proportions.upperBound(0, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Proportions.z(0.0));
        assertThrows(IllegalArgumentException.class, () -> Proportions.z(Double.NaN));
    }
}
