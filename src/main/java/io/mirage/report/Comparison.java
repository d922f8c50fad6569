package io.mirage.report;

import io.mirage.stats.Interval;

/**
 * One row of a compare family, after the family is fixed: B − A, the interval at the family's per-row level
 * α/K (for the odds ratio of B against A, or for B − A, as the family's {@link ComparisonFamily.Scale} says),
 * the raw p-value and, for a testable row, K·p.
 *
 * @param condition   the condition (short id: its factor levels) the row compares within, or "" for a factor's rows
 * @param a           side A: its label, run and model
 * @param b           side B: its label, run and model
 * @param adjustedP   min(1, K·p) for a testable row, NaN for a row that cannot reach significance
 * @param testable    whether the row's margins let it reach significance at α/K (Tarone 1990)
 * @param significant p &lt; α/K, which holds exactly when the interval excludes the scale's null value
 * @param stopped     whether a cell behind the row stopped sampling early (only with --allow-stopped)
 */
public record Comparison(String behaviour, String condition, Side a, Side b, int kA, int nA, int kB, int nB, double difference,
                         Interval interval, double p, double adjustedP, boolean testable, boolean significant, boolean stopped) {

    /** The model both sides measure, or "" when the sides are different models. */
    public String model() {
        return a.model().equals(b.model()) ? a.model() : "";
    }
}
