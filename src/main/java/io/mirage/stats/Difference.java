package io.mirage.stats;

/**
 * A difference of two independent proportions, p1 − p2, with a two-sided confidence interval.
 *
 * @param estimate k1/n1 − k2/n2
 * @param interval the confidence interval for p1 − p2, inside [−1, 1]
 */
public record Difference(double estimate, Interval interval) {

    /**
     * Newcombe's hybrid score interval (Newcombe 1998, "Interval estimation for the difference between
     * independent proportions: comparison of eleven methods", Statistics in Medicine 17:873–890, method 10),
     * built from the Wilson score intervals (l1, u1) and (l2, u2) of each proportion:
     * [δ − √((p1 − l1)² + (u2 − p2)²), δ + √((u1 − p1)² + (p2 − l2)²)] with δ = p1 − p2.
     * Well behaved at zero counts, where the Wald interval collapses.
     */
    public static Difference newcombe(int k1, int n1, int k2, int n2, double confidence) {
        double z = Proportions.z(confidence);
        Interval w1 = Proportions.wilson(k1, n1, z);
        Interval w2 = Proportions.wilson(k2, n2, z);
        double p1 = (double) k1 / n1;
        double p2 = (double) k2 / n2;
        double delta = p1 - p2;
        double lower = delta - Math.hypot(p1 - w1.lower(), w2.upper() - p2);
        double upper = delta + Math.hypot(w1.upper() - p1, p2 - w2.lower());
        return new Difference(delta, new Interval(Math.max(-1.0, lower), Math.min(1.0, upper)));
    }
}
