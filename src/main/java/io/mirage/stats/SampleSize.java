package io.mirage.stats;

/** How many samples a cell needs for a given precision of its rate. Pure functions. */
public final class SampleSize {
    private SampleSize() {}

    /**
     * The smallest n such that the Wilson score interval (Wilson 1927) at an observed rate equal to {@code rate}
     * has a half-width — half of upper − lower — of at most {@code margin}:
     * z·√(p(1−p)/n + z²/4n²) / (1 + z²/n) ≤ margin. The half-width decreases with n, so n is found by bisection.
     * Unlike {@link #normalApproximation} it is sensible at rates near 0 and 1.
     *
     * @param rate       the expected rate, in [0, 1]
     * @param margin     the wanted half-width, in (0, 1)
     * @param confidence the two-sided confidence level, in (0, 1), e.g. 0.95
     * @throws IllegalArgumentException with a message fit for a command line, for arguments out of range or a
     *                                  margin so small that n would exceed {@link Integer#MAX_VALUE}
     */
    public static int forMargin(double rate, double margin, double confidence) {
        check(rate, margin, confidence);
        double z = Proportions.z(confidence);
        long hi = 1;
        while (halfWidth(rate, hi, z) > margin) {
            hi *= 2;
            if (hi > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("margin " + margin + " is too small: it would need more than "
                        + Integer.MAX_VALUE + " samples");
            }
        }
        long lo = hi / 2; // half-width at lo (if lo ≥ 1) is above the margin
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (halfWidth(rate, mid, z) <= margin) hi = mid;
            else lo = mid;
        }
        return (int) hi;
    }

    /**
     * The textbook normal-approximation (Wald) sample size, ⌈z²·p(1−p)/margin²⌉, for comparison with
     * {@link #forMargin}: e.g. 385 for ±5% at 50% and 95% confidence. It is 0 at rates 0 and 1, where it is useless.
     */
    public static int normalApproximation(double rate, double margin, double confidence) {
        check(rate, margin, confidence);
        double z = Proportions.z(confidence);
        double n = Math.ceil(z * z * rate * (1 - rate) / (margin * margin));
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("margin " + margin + " is too small: it would need more than "
                    + Integer.MAX_VALUE + " samples");
        }
        return (int) n;
    }

    /** Half the width of the Wilson interval at observed rate p after n samples, at a confidence level. */
    public static double wilsonHalfWidth(double rate, int n, double confidence) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive, was " + n);
        check(rate, 0.5, confidence);
        return halfWidth(rate, n, Proportions.z(confidence));
    }

    private static double halfWidth(double p, long n, double z) {
        double z2 = z * z;
        return z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
    }

    private static void check(double rate, double margin, double confidence) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
        }
        if (!(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException("margin must be greater than 0 and less than 1, was " + margin);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be greater than 0 and less than 1, was " + confidence);
        }
    }
}
