package io.mirage.report;

import io.mirage.stats.ConditionalOddsRatio;
import io.mirage.stats.Interval;

/**
 * Two cells: Fisher's exact test with the central two-sided p-value and the exact conditional interval for the
 * odds ratio of B against A that inverts it ({@link ConditionalOddsRatio}). Conditional on the margins, so its
 * smallest attainable p-value is fixed by them, as Tarone's pruning needs.
 */
record CellContrast(String behaviour, String model, String condition, String a, String b, int kA, int nA, int kB, int nB, boolean stopped)
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
