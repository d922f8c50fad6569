package io.mirage.stats;

import org.hipparchus.special.Erf;

/**
 * Samples per arm to detect a difference between two rates: with {@code n} in each arm, the two-sided Fisher exact
 * test at level {@code alpha} rejects "equal rates" with probability {@code power} (at least {@code targetPower}) when
 * the true rates are {@code rateA} and {@code rateB}.
 *
 * @param approximation the normal approximation with continuity correction, rounded up, where the search starts
 * @param uncorrected   the same without the continuity correction, rounded up, for comparison
 */
public record TwoArmPlan(double rateA, double rateB, double alpha, double targetPower, int n, double power,
                         int approximation, int uncorrected) {

    /** Above this many per arm the exact power (O(n²) per n) is not searched; the message gives the approximation. */
    public static final int MAX_EXACT = 10_000;

    /**
     * The plan, found from the normal approximation by exact power: starting at {@link #continuityCorrected} (which
     * Casagrande, Pike &amp; Smith (1978) built to approximate Fisher's exact test) n goes up until the exact power
     * ({@link FisherPower#twoSided}) reaches the target, then down while it stays there. Exact power is a sawtooth in
     * n (Chernick &amp; Liu 2002, Am. Stat. 56:149–155), so n is the smallest n from which power stays at or above the
     * target up to where the approximation lands; a smaller n may reach it by a tooth, isolated.
     *
     * @throws IllegalArgumentException with a message fit for a command line, for rates or levels out of range, equal
     *                                  rates, or a difference so small that more than {@link #MAX_EXACT} would be needed
     */
    public static TwoArmPlan of(double rateA, double rateB, double alpha, double targetPower) {
        check(rateA, rateB, alpha, targetPower);
        double corrected = continuityCorrected(rateA, rateB, alpha, targetPower);
        int uncorrected = (int) Math.ceil(normalApproximation(rateA, rateB, alpha, targetPower));
        if (corrected > MAX_EXACT) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "a difference of %.4f is too small to plan by exact"
                    + " power: the normal approximation already needs %.0f per arm (exact power is searched up to %d)",
                    Math.abs(rateB - rateA), Math.ceil(corrected), MAX_EXACT));
        }
        int start = Math.max(1, (int) Math.ceil(corrected));
        int n = start;
        double power = FisherPower.twoSided(n, rateA, rateB, alpha);
        while (power < targetPower) {
            if (n >= 2 * MAX_EXACT) {
                throw new IllegalArgumentException("exact power stays below " + targetPower + " up to " + n + " per arm");
            }
            power = FisherPower.twoSided(++n, rateA, rateB, alpha);
        }
        while (n > 1) {
            double below = FisherPower.twoSided(n - 1, rateA, rateB, alpha);
            if (below < targetPower) break;
            n--;
            power = below;
        }
        return new TwoArmPlan(rateA, rateB, alpha, targetPower, n, power, start, uncorrected);
    }

    /**
     * n′ = [z_{α/2}·√(2·p̄·q̄) + z_β·√(p₁q₁ + p₂q₂)]² / (p₂ − p₁)², p̄ = (p₁ + p₂)/2: the classic normal-approximation
     * sample size per arm for the two-sided test of two proportions (Fleiss, Levin &amp; Paik 2003, Statistical Methods
     * for Rates and Proportions, 3rd ed., §4.2). Not rounded.
     */
    public static double normalApproximation(double rateA, double rateB, double alpha, double power) {
        check(rateA, rateB, alpha, power);
        double zAlpha = Proportions.z(1 - alpha);
        double zBeta = Math.sqrt(2.0) * Erf.erfInv(2 * power - 1);
        double mean = (rateA + rateB) / 2;
        double d = rateB - rateA;
        double root = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(rateA * (1 - rateA) + rateB * (1 - rateB));
        return root * root / (d * d);
    }

    /**
     * n = (n′/4)·[1 + √(1 + 4/(n′·|p₂ − p₁|))]²: n′ with the continuity correction of Casagrande, Pike &amp; Smith
     * (1978, Biometrics 34:483–486) in the closed form of Fleiss, Tytun &amp; Ury (1980, Biometrics 36:343–346), as
     * Fleiss, Levin &amp; Paik (2003, §4.2) give it. Not rounded.
     */
    public static double continuityCorrected(double rateA, double rateB, double alpha, double power) {
        double n = normalApproximation(rateA, rateB, alpha, power);
        double root = 1 + Math.sqrt(1 + 4 / (n * Math.abs(rateB - rateA)));
        return n / 4 * root * root;
    }

    private static void check(double rateA, double rateB, double alpha, double power) {
        if (!(rateA >= 0 && rateA <= 1)) throw new IllegalArgumentException("rate must be between 0 and 1, was " + rateA);
        if (!(rateB >= 0 && rateB <= 1)) {
            throw new IllegalArgumentException("rate + difference must be between 0 and 1, was " + rateB);
        }
        if (rateA == rateB) throw new IllegalArgumentException("the difference must not be 0");
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be greater than 0 and less than 1, was " + alpha);
        if (!(power > 0 && power < 1)) throw new IllegalArgumentException("power must be greater than 0 and less than 1, was " + power);
    }
}
