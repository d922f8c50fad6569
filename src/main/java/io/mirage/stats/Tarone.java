package io.mirage.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Tarone's (1990) multiple-comparison procedure for discrete tests ("A modified Bonferroni method for discrete
 * data", Biometrics 46:515–522). A discrete test has a smallest attainable p-value; a hypothesis whose smallest
 * attainable p-value is not below α/K can never be rejected at α/K, so counting it in the Bonferroni divisor
 * only costs power. K is the smallest integer such that at most K hypotheses have a smallest attainable p-value
 * below α/K; those are the testable ones, and each is rejected when its p-value is below α/K. The family-wise
 * error rate stays at most α provided each test is valid conditionally on what fixes the smallest attainable
 * p-value (for Fisher's test, the table's margins), since then the testable set is fixed given the margins.
 *
 * @param alpha    the family-wise level
 * @param divisor  K, at least 1
 * @param testable for each hypothesis in the order given, whether it can reach significance at α/K
 */
public record Tarone(double alpha, int divisor, List<Boolean> testable) {

    public Tarone {
        Proportions.checkConfidence(alpha);
        if (divisor < 1) throw new IllegalArgumentException("the divisor must be at least 1, was " + divisor);
        testable = List.copyOf(testable);
    }

    /**
     * Runs the procedure on each hypothesis's smallest attainable p-value.
     *
     * @throws IllegalArgumentException if a value is NaN or outside [0, 1], or α is not in (0, 1)
     */
    public static Tarone of(double[] smallestP, double alpha) {
        Proportions.checkConfidence(alpha);
        for (int i = 0; i < smallestP.length; i++) {
            if (!(smallestP[i] >= 0 && smallestP[i] <= 1)) {
                throw new IllegalArgumentException("smallest p-value " + (i + 1) + " must be in [0, 1], was " + smallestP[i]);
            }
        }
        int k = 1;
        while (count(smallestP, alpha / k) > k) k++;
        double level = alpha / k;
        List<Boolean> testable = new ArrayList<>();
        for (double p : smallestP) testable.add(p < level);
        return new Tarone(alpha, k, testable);
    }

    /** α/K: a testable hypothesis is rejected when its p-value is below this. */
    public double level() {
        return alpha / divisor;
    }

    /** How many hypotheses can reach significance. */
    public int testableCount() {
        return (int) testable.stream().filter(t -> t).count();
    }

    private static int count(double[] smallestP, double level) {
        int c = 0;
        for (double p : smallestP) if (p < level) c++;
        return c;
    }
}
