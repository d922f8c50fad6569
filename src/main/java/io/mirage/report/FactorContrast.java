package io.mirage.report;

import io.mirage.stats.Interval;
import io.mirage.stats.StratifiedDifference;

import java.util.List;

/**
 * One level of a factor against the reference level: the Mantel–Haenszel risk difference over strata, with
 * Sato's variance and the Wald test and interval ({@link StratifiedDifference}); the test and the interval use
 * the same statistic, so the interval excludes 0 exactly when p is below its level.
 */
record FactorContrast(String behaviour, Side a, Side b, List<StratifiedDifference.Stratum> strata, boolean stopped)
        implements Contrast {

    FactorContrast {
        strata = List.copyOf(strata);
    }

    /** The strata observed at both levels: the only ones the estimate uses, so the only ones the printed counts add up. */
    private java.util.stream.Stream<StratifiedDifference.Stratum> used() {
        return strata.stream().filter(s -> s.nA() > 0 && s.nB() > 0);
    }

    @Override
    public String condition() {
        return "";
    }

    @Override
    public int kA() {
        return used().mapToInt(StratifiedDifference.Stratum::kA).sum();
    }

    @Override
    public int nA() {
        return used().mapToInt(StratifiedDifference.Stratum::nA).sum();
    }

    @Override
    public int kB() {
        return used().mapToInt(StratifiedDifference.Stratum::kB).sum();
    }

    @Override
    public int nB() {
        return used().mapToInt(StratifiedDifference.Stratum::nB).sum();
    }

    @Override
    public double difference() {
        return StratifiedDifference.mantelHaenszel(strata, 0.95).estimate();
    }

    @Override
    public double p() {
        return StratifiedDifference.mantelHaenszel(strata, 0.95).pValue();
    }

    /**
     * 1 when every stratum observed at both levels is all-yes or all-no (a model that never, or always, shows
     * the behaviour): the margins then fix the data, every difference is 0 and nothing can be significant.
     * Otherwise 0 — the large-sample test has no smallest attainable p-value to prune by.
     */
    @Override
    public double smallestP() {
        boolean fixedByMargins = strata.stream().filter(s -> s.nA() > 0 && s.nB() > 0)
                .allMatch(s -> s.kA() + s.kB() == 0 || s.kA() + s.kB() == s.nA() + s.nB());
        return fixedByMargins ? 1.0 : 0.0;
    }

    @Override
    public Interval intervalAtLevel(double alpha) {
        return StratifiedDifference.mantelHaenszel(strata, 1 - alpha).interval();
    }
}
