package io.mirage.report;

import io.mirage.stats.Interval;

/**
 * One row of a compare family, after the family is fixed: B − A, the interval at the family's per-row level
 * α/K (for the odds ratio of B against A, or for B − A, as the family's {@link ComparisonFamily.Scale} says),
 * the raw p-value and, for a testable row, K·p.
 *
 * @param model       the model the row compares within, or "" when its sides A and B are models
 * @param condition   the condition (short id) the row compares within, or "" for a factor's rows
 * @param adjustedP   min(1, K·p) for a testable row, NaN for a row that cannot reach significance
 * @param testable    whether the row's margins let it reach significance at α/K (Tarone 1990)
 * @param significant p &lt; α/K, which holds exactly when the interval excludes the scale's null value
 * @param stopped     whether a cell behind the row stopped sampling early (only with --allow-stopped)
 */
public record Comparison(String behaviour, String model, String condition, String a, String b, int kA, int nA, int kB, int nB, double difference,
                         Interval interval, double p, double adjustedP, boolean testable, boolean significant, boolean stopped) {
}
