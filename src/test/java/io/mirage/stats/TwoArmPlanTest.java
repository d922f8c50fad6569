package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TwoArmPlanTest {

    /**
     * R's documentation of {@code power.prop.test} (package stats) gives, as its example,
     * {@code power.prop.test(p1 = .50, p2 = .75, power = .90)  ## => n = 76.7}: the same normal approximation without
     * continuity correction. With the correction of Fleiss, Tytun &amp; Ury (1980), n′/4·(1 + √(1 + 4/(n′·0.25)))², Python
     * gives 84.51761881166969.
     */
    @Test
    void normalApproximation_matchesRsExample() {
        assertEquals(76.7, TwoArmPlan.normalApproximation(0.5, 0.75, 0.05, 0.9), 0.05);
        assertEquals(76.70692845177743, TwoArmPlan.normalApproximation(0.5, 0.75, 0.05, 0.9), 1e-9);
        assertEquals(84.51761881166969, TwoArmPlan.continuityCorrected(0.5, 0.75, 0.05, 0.9), 1e-9);
    }

    /**
     * Reference values from Python 3 (standard library only): n′ and its continuity correction as in the class's
     * Javadoc ({@code statistics.NormalDist().inv_cdf} for the quantiles), then the same search with the per-table
     * power of {@link FisherPowerTest}'s snippet (in the last two rows the approximation is too few):
     * <pre>
     * n=max(1,math.ceil(ncc)); pw=power(n,p1,p2,alpha)
     * while pw&lt;target: n+=1; pw=power(n,p1,p2,alpha)
     * while n&gt;1:
     *     b=power(n-1,p1,p2,alpha)
     *     if b&lt;target: break
     *     n-=1; pw=b
     * </pre>
     */
    @ParameterizedTest(name = "{0} vs {1}, α {2}, power {3}: n {4} (power {5}); approximations {6}, {7}")
    @CsvSource({
            "0.1, 0.25, 0.05, 0.8, 110, 0.8041041097426446, 112.4783547757638, 99.54015919611695",
            "0.05, 0.3, 0.05, 0.8, 39, 0.8068457373429558, 42.68443238996303, 35.05927631089947",
            "0.0, 0.15, 0.05, 0.8, 52, 0.8118943390933747, 59.79511006483359, 47.20505564504778",
            "0.5, 0.75, 0.05, 0.9, 85, 0.9012605525243048, 84.51761881166969, 76.70692845177743",
            "0.3, 0.1, 0.05, 0.8, 69, 0.8072678220357349, 71.24790730891728, 61.59879480785257",
            "0.2, 0.4, 0.01, 0.9, 162, 0.9010269072903889, 163.58889552509402, 153.74171763395262",
            "0.3, 0.5, 0.05, 0.95, 164, 0.9503545843985951, 162.80110977726116, 152.954671384023",
            "0.0, 0.1, 0.05, 0.5, 57, 0.5112107818552042, 54.6645186227585, 36.49385879659416"})
    void of_matchesPython(double a, double b, double alpha, double target, int n, double power, double corrected, double plain) {
        TwoArmPlan plan = TwoArmPlan.of(a, b, alpha, target);
        assertEquals(n, plan.n());
        assertEquals(power, plan.power(), 1e-12);
        assertEquals(corrected, TwoArmPlan.continuityCorrected(a, b, alpha, target), 1e-9);
        assertEquals(plain, TwoArmPlan.normalApproximation(a, b, alpha, target), 1e-9);
        assertEquals((int) Math.ceil(corrected), plan.approximation());
        assertEquals((int) Math.ceil(plain), plan.uncorrected());
        assertTrue(FisherPower.twoSided(n - 1, a, b, alpha) < target, "one fewer falls short");
        for (int m = n; m <= Math.max(n, plan.approximation()); m++) {
            assertTrue(FisherPower.twoSided(m, a, b, alpha) >= target, "power stays up to the approximation: " + m);
        }
    }

    @Test
    void rejectsBadArguments_withReadableMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TwoArmPlan.of(0.9, 1.2, 0.05, 0.8));
        assertEquals("rate + difference must be between 0 and 1, was 1.2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TwoArmPlan.of(0.3, 0.3, 0.05, 0.8));
        assertEquals("the difference must not be 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TwoArmPlan.of(0.3, 0.4, 0.05, 1));
        assertEquals("power must be greater than 0 and less than 1, was 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TwoArmPlan.of(0.5, 0.505, 0.05, 0.8));
        assertTrue(e.getMessage().startsWith("a difference of 0.0050 is too small"), e.getMessage());
    }
}
