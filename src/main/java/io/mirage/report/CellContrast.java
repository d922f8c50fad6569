package io.mirage.report;

import io.mirage.stats.ConditionalOddsRatio;
import io.mirage.stats.Interval;

/**
 * Two cells: Fisher's exact test with the central two-sided p-value and the exact conditional interval for the
 * odds ratio of B against A that inverts it ({@link ConditionalOddsRatio}). Conditional on the margins, so its
 * smallest attainable p-value is fixed by them, as Tarone's pruning needs.
 * <p>
 * Why not Boschloo's or Barnard's unconditional test, which is more powerful (Boschloo 1970, Statistica
 * Neerlandica 24:1–35): it is valid averaged over the margins but not given them, so pruning by margins would no
 * longer keep the family-wise error at α — and pruning is what keeps the many 0/n-against-0/n rows of an
 * evaluation out of the multiplier, a larger gain here than the unconditional test's.
 */
record CellContrast(String behaviour, String condition, Side a, Side b, int kA, int nA, int kB, int nB, boolean stopped)
        implements Contrast {

    private ConditionalOddsRatio test() {
        return new ConditionalOddsRatio(kB, nB, kA, nA);
    }

    @Override
    public double difference() {
        return (double) kB / nB - (double) kA / nA;
    }

    @Override
    public double p() {
        return test().centralP();
    }

    @Override
    public double smallestP() {
        return test().smallestCentralP();
    }

    @Override
    public Interval intervalAtLevel(double alpha) {
        return test().intervalAtLevel(alpha);
    }
}
