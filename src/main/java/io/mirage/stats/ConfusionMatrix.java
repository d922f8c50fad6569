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
     * it as "undefined" and may report {@link #observedAgreement()} or {@link #pabak()} instead.
     */
    public double cohensKappa() {
        double pe = expectedAgreement();
        if (!(pe < 1)) return Double.NaN;
        return (observedAgreement() - pe) / (1 - pe);
    }

    /** Kappa with a bootstrap interval where one is meaningful: see {@link KappaEstimate}. */
    public KappaEstimate kappa(double confidence) {
        return KappaEstimate.of(this, confidence);
    }

    /** The exact (Clopper–Pearson) interval of the observed agreement, (yesYes + noNo) of total; null when empty. */
    public Interval observedAgreementInterval(double confidence) {
        return total() == 0 ? null : Proportions.clopperPearson(yesYes + noNo, total(), confidence);
    }

    /**
     * Prevalence- and bias-adjusted kappa, PABAK = 2·po − 1 (Byrt, Bishop &amp; Carlin 1993, "Bias, prevalence and
     * kappa", J. Clin. Epidemiol. 46:423–429): kappa with the chance agreement fixed at ½, as if both answers were
     * equally common. Where one answer is rare kappa can be near 0 at 98% agreement (the "kappa paradox", Feinstein &amp;
     * Cicchetti 1990); PABAK is read beside it. NaN when empty.
     */
    public double pabak() {
        return 2 * observedAgreement() - 1;
    }

    /**
     * PABAK's interval: the exact interval of po mapped by 2·po − 1. The map is increasing, so the coverage is that of
     * Clopper–Pearson, at least the confidence level for every n, including n = 6 with perfect agreement. Null when empty.
     */
    public Interval pabakInterval(double confidence) {
        Interval po = observedAgreementInterval(confidence);
        return po == null ? null : new Interval(2 * po.lower() - 1, 2 * po.upper() - 1);
    }
}
