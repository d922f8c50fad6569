package io.mirage.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Holm's step-down multiple-comparison adjustment (Holm 1979, Scand. J. Statist. 6:65–70). Pure functions. */
public final class Holm {
    private Holm() {}

    /**
     * Holm–Bonferroni adjusted p-values, in the order given: with p(1) ≤ … ≤ p(m) sorted,
     * adjusted p(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)). Rejecting the hypotheses whose adjusted
     * p-value is ≤ α controls the family-wise error rate at α. Same as R's {@code p.adjust(p, "holm")}.
     *
     * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1]
     */
    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        for (int i = 0; i < m; i++) {
            double p = pValues[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p-value " + (i + 1) + " must be in [0, 1], was " + p);
            }
        }
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
