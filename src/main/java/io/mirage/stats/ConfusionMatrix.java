package io.mirage.stats;

/**
 * Agreement of two binary raters (say a classifier and a human, or two judges) on the same items.
 * Rows are source A's answer, columns source B's:
 * <pre>
 *            B yes     B no
 * A yes    yesYes    yesNo
 * A no     noYes     noNo
 * </pre>
 */
public record ConfusionMatrix(int yesYes, int yesNo, int noYes, int noNo) {

    public ConfusionMatrix {
        if (yesYes < 0 || yesNo < 0 || noYes < 0 || noNo < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + yesYes + ", " + yesNo + ", " + noYes + ", " + noNo);
        }
    }

    /** Adds one item on which A answered {@code a} and B answered {@code b}. */
    public ConfusionMatrix plus(boolean a, boolean b) {
        return new ConfusionMatrix(
                yesYes + (a && b ? 1 : 0), yesNo + (a && !b ? 1 : 0), noYes + (!a && b ? 1 : 0), noNo + (!a && !b ? 1 : 0));
    }

    public int total() {
        return yesYes + yesNo + noYes + noNo;
    }

    /** The share of items on which both sources agree, (yesYes + noNo) / total; NaN when empty. */
    public double observedAgreement() {
        return (double) (yesYes + noNo) / total();
    }

    /** The agreement expected by chance from the two sources' yes rates: pA·pB + (1 − pA)(1 − pB); NaN when empty. */
    public double expectedAgreement() {
        double n = total();
        double aYes = (yesYes + yesNo) / n;
        double bYes = (yesYes + noYes) / n;
        return aYes * bYes + (1 - aYes) * (1 - bYes);
    }

    /**
     * Cohen's kappa (Cohen 1960, "A coefficient of agreement for nominal scales", Educ. Psychol. Meas.
     * 20:37–46): (po − pe) / (1 − pe), 1 for perfect agreement, 0 for agreement at chance level.
     * <p>
     * Undefined, and returned as {@link Double#NaN}, when the table is empty or when pe = 1, which happens
     * exactly when both sources gave one and the same answer to every item (all counts in yesYes, or all in
     * noNo): kappa is then 0/0, and agreement there says nothing about the sources' reliability. Callers show
     * it as "n/a" and may report {@link #observedAgreement()} instead.
     */
    public double cohensKappa() {
        double pe = expectedAgreement();
        if (!(pe < 1)) return Double.NaN;
        return (observedAgreement() - pe) / (1 - pe);
    }

    /**
     * Large-sample standard error of Cohen's kappa (Fleiss, Cohen &amp; Everitt 1969, "Large sample standard errors
     * of kappa and weighted kappa", Psychol. Bull. 72:323–327), not assuming kappa = 0:
     * Var = [Σᵢ pᵢᵢ(1 − (pᵢ. + p.ᵢ)(1 − κ))² + (1 − κ)² Σ_{i≠j} pᵢⱼ(p.ᵢ + pⱼ.)² − (κ − pe(1 − κ))²] / (N(1 − pe)²).
     * NaN when kappa is undefined. It is 0 for a table with perfect agreement, where it is no guide to uncertainty.
     */
    public double kappaStandardError() {
        double k = cohensKappa();
        if (Double.isNaN(k)) return Double.NaN;
        double n = total();
        double[][] p = {{yesYes / n, yesNo / n}, {noYes / n, noNo / n}};
        double[] row = {p[0][0] + p[0][1], p[1][0] + p[1][1]};
        double[] col = {p[0][0] + p[1][0], p[0][1] + p[1][1]};
        double pe = expectedAgreement();
        double diagonal = 0;
        double offDiagonal = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                if (i == j) {
                    double t = 1 - (row[i] + col[i]) * (1 - k);
                    diagonal += p[i][i] * t * t;
                } else {
                    double t = col[i] + row[j];
                    offDiagonal += p[i][j] * t * t;
                }
            }
        }
        double c = k - pe * (1 - k);
        double variance = (diagonal + (1 - k) * (1 - k) * offDiagonal - c * c) / (n * (1 - pe) * (1 - pe));
        return Math.sqrt(Math.max(0.0, variance));
    }
}
