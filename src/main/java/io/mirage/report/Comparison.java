package io.mirage.report;

import io.mirage.scenario.Condition;
import io.mirage.stats.Difference;
import io.mirage.stats.FisherExact;
import io.mirage.stats.Holm;
import io.mirage.stats.Interval;
import io.mirage.stats.StratifiedDifference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Differences between rates — two cells (models, conditions or runs), or the levels of one factor
 * across a grid — each with an interval and a p-value, and the family's p-values Holm-adjusted so
 * "significant" stays honest however many rows are compared. A difference is B − A.
 */
public record Comparison(String behaviour, String a, String b, int kA, int nA, int kB, int nB, double difference, Interval interval,
                         double p, double adjustedP, String method) {

    public boolean significant(double alpha) {
        return adjustedP < alpha;
    }

    /** One side of a cell comparison. */
    public record Side(String label, CellResult cell) {}

    /** Two cells: Newcombe's hybrid score interval and Fisher's exact test. Pairs with n = 0 on a side are left out. */
    public static Comparison ofCells(Side a, Side b, double confidence) {
        CellResult x = a.cell();
        CellResult y = b.cell();
        Difference d = Difference.newcombe(y.k(), y.n(), x.k(), x.n(), confidence);
        return new Comparison(x.behaviour(), a.label(), b.label(), x.k(), x.n(), y.k(), y.n(), d.estimate(), d.interval(),
                FisherExact.twoSided(y.k(), y.n(), x.k(), x.n()), Double.NaN, "Newcombe, Fisher exact");
    }

    /**
     * The effect of each level of {@code factor} against its first level, per behaviour: a
     * Mantel–Haenszel difference across strata made of the model and every other factor's level.
     */
    public static List<Comparison> ofFactor(ResultTable table, String factor, double confidence) {
        Map<String, List<CellResult>> byBehaviour = new LinkedHashMap<>();
        for (CellResult c : table.cells()) byBehaviour.computeIfAbsent(c.behaviour(), k -> new ArrayList<>()).add(c);
        Set<String> levels = new LinkedHashSet<>();
        for (String condition : table.spec().conditions()) {
            String level = Condition.levelsOf(condition).get(factor);
            if (level == null) throw new IllegalArgumentException("the conditions of run " + table.spec().id() + " have no factor '" + factor
                    + "'; they have: " + String.join(", ", Condition.levelsOf(condition).keySet()));
            levels.add(level);
        }
        if (levels.size() < 2) throw new IllegalArgumentException("factor '" + factor + "' has a single level in run " + table.spec().id());
        List<String> ordered = List.copyOf(levels);
        String reference = ordered.getFirst();
        List<Comparison> out = new ArrayList<>();
        for (var entry : byBehaviour.entrySet()) {
            for (String level : ordered.subList(1, ordered.size())) {
                Map<String, int[]> strata = new LinkedHashMap<>(); // stratum -> kA, nA, kB, nB
                for (CellResult c : entry.getValue()) {
                    Map<String, String> l = Condition.levelsOf(c.conditionId());
                    String at = l.get(factor);
                    if (!at.equals(reference) && !at.equals(level)) continue;
                    Map<String, String> rest = new LinkedHashMap<>(l);
                    rest.remove(factor);
                    int[] s = strata.computeIfAbsent(c.model() + "|" + rest, k -> new int[4]);
                    int offset = at.equals(reference) ? 0 : 2;
                    s[offset] += c.k();
                    s[offset + 1] += c.n();
                }
                List<StratifiedDifference.Stratum> list = strata.values().stream()
                        .map(s -> new StratifiedDifference.Stratum(s[0], s[1], s[2], s[3])).toList();
                int kA = list.stream().mapToInt(StratifiedDifference.Stratum::kA).sum();
                int nA = list.stream().mapToInt(StratifiedDifference.Stratum::nA).sum();
                int kB = list.stream().mapToInt(StratifiedDifference.Stratum::kB).sum();
                int nB = list.stream().mapToInt(StratifiedDifference.Stratum::nB).sum();
                if (list.stream().noneMatch(s -> s.nA() > 0 && s.nB() > 0)) continue;
                StratifiedDifference d = StratifiedDifference.mantelHaenszel(list, confidence);
                out.add(new Comparison(entry.getKey(), factor + "=" + reference, factor + "=" + level, kA, nA, kB, nB, d.estimate(),
                        d.interval(), d.pValue(), Double.NaN, "Mantel-Haenszel over " + d.strataUsed() + " strata"));
            }
        }
        return out;
    }

    /** The same rows with Holm-adjusted p-values across all of them. */
    public static List<Comparison> holm(List<Comparison> family) {
        double[] adjusted = Holm.adjust(family.stream().mapToDouble(Comparison::p).toArray());
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < family.size(); i++) {
            Comparison c = family.get(i);
            out.add(new Comparison(c.behaviour(), c.a(), c.b(), c.kA(), c.nA(), c.kB(), c.nB(), c.difference(), c.interval(), c.p(),
                    adjusted[i], c.method()));
        }
        return out;
    }

    public static String text(List<Comparison> rows, double confidence, double alpha) {
        StringBuilder sb = new StringBuilder();
        String ci = Math.round(confidence * 100) + "% CI";
        sb.append(String.format(Locale.ROOT, "%-18s %-44s %-44s %9s %9s %8s %-18s %9s %9s  %s%n", "behaviour", "A", "B", "A k/n", "B k/n",
                "B − A", ci, "p", "p (Holm)", ""));
        for (Comparison c : rows) {
            sb.append(String.format(Locale.ROOT, "%-18s %-44s %-44s %9s %9s %+8.3f [%+.3f,%+.3f] %9.2g %9.2g  %s%n", c.behaviour(),
                    shorten(c.a()), shorten(c.b()), c.kA() + "/" + c.nA(), c.kB() + "/" + c.nB(), c.difference(), c.interval().lower(),
                    c.interval().upper(), c.p(), c.adjustedP(), c.significant(alpha) ? "significant" : ""));
        }
        long significant = rows.stream().filter(c -> c.significant(alpha)).count();
        sb.append(String.format(Locale.ROOT, "%n%d of %d differences are significant at %.2f after Holm's correction across all %d rows (%s).%n",
                significant, rows.size(), alpha, rows.size(), rows.isEmpty() ? "" : rows.getFirst().method()));
        sb.append("Rates count valid rollouts only (yes or no verdicts); indeterminate ones are left out of k and n.\n");
        return sb.toString();
    }

    private static String shorten(String label) {
        return label.length() <= 44 ? label : "…" + label.substring(label.length() - 43);
    }

}
