package io.mirage.report;

import io.mirage.scenario.Condition;
import io.mirage.stats.RiskDifferenceHomogeneity;
import io.mirage.stats.StratifiedDifference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the family of one compare request: two runs cell by cell, the models of a run pairwise, or each level
 * of a factor against the first. Every row of the request is in the family; displaying fewer is the caller's
 * business ({@link ComparisonFamily#shown}).
 * <p>
 * Cells whose sampling stopped early ({@code --stop-when-decided}) have a sample size that depends on their
 * data, so fixed-n tests and intervals do not hold for them: they are left out with a warning unless
 * {@code allowStopped}, and then their rows are marked.
 * <p>
 * Tarone's guarantee is exact when the rows' tables are independent (two runs; two models). With three or more
 * models a cell enters several pairs, the margins of one pair then say something about another's table, and
 * the guarantee is approximate; so it is for a factor's rows, whose Wald test is large-sample anyway.
 */
public final class Comparisons {
    static final String CELL_METHOD = "Fisher's exact test with the central two-sided p-value (twice the smaller one-sided p); "
            + "intervals: the exact conditional odds-ratio interval that inverts it (Cornfield 1956)";
    static final String FACTOR_METHOD = "Mantel–Haenszel risk difference over the strata (Greenland & Robins 1985), Sato's (1989) variance, "
            + "Wald test; intervals from the same statistic";

    static final String CELL_UNTESTABLE = "no table with their margins gives p < α/K: Tarone 1990";
    static final String FACTOR_UNTESTABLE = "every stratum is all-yes or all-no, which fixes the data: Tarone 1990";

    private Comparisons() {}

    /**
     * The same cells of two runs: same condition and behaviour, and the same model when both runs have the same
     * models (with one model each, that model against the other).
     *
     * @throws IllegalArgumentException when the runs have different models and not one each
     */
    public static ComparisonFamily ofRuns(ResultTable a, ResultTable b, boolean allowStopped, double alpha) {
        List<String> ma = a.spec().models();
        List<String> mb = b.spec().models();
        boolean sameModels = ma.equals(mb);
        if (!sameModels && (ma.size() != 1 || mb.size() != 1)) {
            throw new IllegalArgumentException("the runs have different models (" + ma + " and " + mb
                    + "); compare runs with the same models, or with one model each");
        }
        List<CellContrast> rows = new ArrayList<>();
        Set<String> stoppedCells = new LinkedHashSet<>();
        int leftOut = 0;
        for (CellResult x : a.cells()) {
            for (CellResult y : b.cells()) {
                boolean pair = x.conditionId().equals(y.conditionId()) && x.behaviour().equals(y.behaviour())
                        && (!sameModels || x.model().equals(y.model()));
                if (!pair || x.n() == 0 || y.n() == 0) continue;
                boolean stopped = x.isStopped() || y.isStopped();
                if (x.isStopped()) stoppedCells.add("A|" + x.model() + "|" + x.conditionId());
                if (y.isStopped()) stoppedCells.add("B|" + y.model() + "|" + y.conditionId());
                if (stopped && !allowStopped) {
                    leftOut++;
                    continue;
                }
                rows.add(new CellContrast(x.behaviour(), Condition.shortId(x.conditionId()), new Side("A", a.spec().id(), x.model()),
                        new Side("B", b.spec().id(), y.model()), x.k(), x.n(), y.k(), y.n(), stopped));
            }
        }
        String subject = "A = " + a.spec().id() + " with B = " + b.spec().id() + ": every behaviour, model and condition the two runs share";
        return ComparisonFamily.of(subject, ComparisonFamily.Scale.ODDS_RATIO, alpha, rows, CELL_METHOD, CELL_UNTESTABLE,
                stopWarnings(stoppedCells.size(), leftOut + " comparisons that involve " + cells(stoppedCells.size()), rows, allowStopped), List.of());
    }

    /** Every pair of models in each condition of one run, in the run's model order (B − A with A listed first). */
    public static ComparisonFamily ofModels(ResultTable table, boolean allowStopped, double alpha) {
        List<String> names = table.spec().models();
        if (names.size() < 2) throw new IllegalArgumentException("run " + table.spec().id() + " has one model; --models needs at least two");
        List<CellContrast> rows = new ArrayList<>();
        Set<String> stoppedCells = new LinkedHashSet<>();
        int leftOut = 0;
        for (CellResult x : table.cells()) {
            for (CellResult y : table.cells()) {
                boolean pair = x.conditionId().equals(y.conditionId()) && x.behaviour().equals(y.behaviour())
                        && names.indexOf(x.model()) < names.indexOf(y.model());
                if (!pair || x.n() == 0 || y.n() == 0) continue;
                boolean stopped = x.isStopped() || y.isStopped();
                if (x.isStopped()) stoppedCells.add(x.model() + "|" + x.conditionId());
                if (y.isStopped()) stoppedCells.add(y.model() + "|" + y.conditionId());
                if (stopped && !allowStopped) {
                    leftOut++;
                    continue;
                }
                String run = table.spec().id();
                rows.add(new CellContrast(x.behaviour(), Condition.shortId(x.conditionId()), new Side(x.model(), run, x.model()),
                        new Side(y.model(), run, y.model()), x.k(), x.n(), y.k(), y.n(), stopped));
            }
        }
        String subject = "the models of run " + table.spec().id() + ": every pair, in every condition and behaviour";
        return ComparisonFamily.of(subject, ComparisonFamily.Scale.ODDS_RATIO, alpha, rows, CELL_METHOD, CELL_UNTESTABLE,
                stopWarnings(stoppedCells.size(), leftOut + " comparisons that involve " + cells(stoppedCells.size()), rows, allowStopped), List.of());
    }

    /**
     * Each level of {@code factor} against its first level, per behaviour: by default one row per model (its
     * Mantel–Haenszel difference over the other factors' levels), or with {@code pooled} one row over all models
     * (strata: model × the other factors' levels). With two or more models, a likelihood-ratio test says whether
     * the effect differs between models ({@link RiskDifferenceHomogeneity}).
     *
     * @throws IllegalArgumentException when the run's conditions have no such factor, or it has a single level
     */
    public static ComparisonFamily ofFactor(ResultTable table, String factor, boolean allowStopped, boolean pooled, double alpha) {
        List<String> levels = levels(table, factor);
        String reference = levels.getFirst();
        Set<String> stoppedCells = new LinkedHashSet<>();
        Map<String, List<CellResult>> byBehaviour = new LinkedHashMap<>();
        for (CellResult c : table.cells()) {
            if (c.isStopped()) {
                stoppedCells.add(c.model() + "|" + c.conditionId());
                if (!allowStopped) continue;
            }
            byBehaviour.computeIfAbsent(c.behaviour(), k -> new ArrayList<>()).add(c);
        }
        List<FactorContrast> rows = new ArrayList<>();
        List<ComparisonFamily.Homogeneity> homogeneity = new ArrayList<>();
        List<String> models = table.spec().models();
        String run = table.spec().id();
        for (var entry : byBehaviour.entrySet()) {
            for (String level : levels.subList(1, levels.size())) {
                String a = factor + "=" + reference;
                String b = factor + "=" + level;
                List<List<StratifiedDifference.Stratum>> perModel = new ArrayList<>();
                for (String model : models) {
                    List<CellResult> cells = entry.getValue().stream().filter(c -> c.model().equals(model)).toList();
                    List<StratifiedDifference.Stratum> strata = strata(cells, factor, reference, level, false);
                    perModel.add(strata);
                    if (!pooled && observedAtBoth(strata)) {
                        rows.add(new FactorContrast(entry.getKey(), new Side(a, run, model), new Side(b, run, model), strata,
                                anyStopped(cells, factor, reference, level)));
                    }
                }
                if (pooled) {
                    List<StratifiedDifference.Stratum> strata = strata(entry.getValue(), factor, reference, level, true);
                    if (observedAtBoth(strata)) {
                        String model = models.size() == 1 ? models.getFirst() : "all models (pooled)";
                        rows.add(new FactorContrast(entry.getKey(), new Side(a, run, model), new Side(b, run, model), strata,
                                anyStopped(entry.getValue(), factor, reference, level)));
                    }
                }
                RiskDifferenceHomogeneity.test(perModel).ifPresent(t -> homogeneity.add(new ComparisonFamily.Homogeneity(entry.getKey(), a, b, t)));
            }
        }
        List<String> warnings = new ArrayList<>(stopWarnings(stoppedCells.size(), cells(stoppedCells.size()), rows, allowStopped));
        long heterogeneous = homogeneity.stream().filter(ComparisonFamily.Homogeneity::rejects).count();
        if (heterogeneous > 0) {
            warnings.add(heterogeneous + " of " + homogeneity.size() + " effects differ between models (likelihood-ratio test of a common "
                    + "risk difference, p < " + ComparisonFamily.Homogeneity.ALPHA + "; see below)"
                    + (pooled ? ": a pooled effect averages unlike effects and misleads — read the per-model rows (omit --pooled)."
                    : ": do not pool them (--pooled would average unlike effects)."));
        }
        String subject = "the levels of " + factor + " in run " + table.spec().id() + ": each against " + reference + ", every behaviour"
                + (pooled ? ", pooled over models" : ", per model");
        return ComparisonFamily.of(subject, ComparisonFamily.Scale.DIFFERENCE, alpha, rows, FACTOR_METHOD, FACTOR_UNTESTABLE, warnings, homogeneity);
    }

    /** The factor's levels in the order of the run's conditions. */
    static List<String> levels(ResultTable table, String factor) {
        Set<String> levels = new LinkedHashSet<>();
        for (String condition : table.spec().conditions()) {
            String level = Condition.levelsOf(condition).get(factor);
            if (level == null) throw new IllegalArgumentException("the conditions of run " + table.spec().id() + " have no factor '" + factor
                    + "'; they have: " + String.join(", ", Condition.levelsOf(condition).keySet()));
            levels.add(level);
        }
        if (levels.size() < 2) throw new IllegalArgumentException("factor '" + factor + "' has a single level in run " + table.spec().id());
        return List.copyOf(levels);
    }

    /** Strata of the cells at the two levels: the other factors' levels, and the model too when pooling over models. */
    private static List<StratifiedDifference.Stratum> strata(List<CellResult> cells, String factor, String reference, String level,
                                                             boolean byModel) {
        Map<String, int[]> strata = new LinkedHashMap<>(); // stratum -> kA, nA, kB, nB
        for (CellResult c : cells) {
            Map<String, String> l = Condition.levelsOf(c.conditionId());
            String at = l.get(factor);
            if (!at.equals(reference) && !at.equals(level)) continue;
            Map<String, String> rest = new LinkedHashMap<>(l);
            rest.remove(factor);
            int[] s = strata.computeIfAbsent((byModel ? c.model() + "|" : "") + rest, k -> new int[4]);
            int offset = at.equals(reference) ? 0 : 2;
            s[offset] += c.k();
            s[offset + 1] += c.n();
        }
        return strata.values().stream().map(s -> new StratifiedDifference.Stratum(s[0], s[1], s[2], s[3])).toList();
    }

    private static boolean observedAtBoth(List<StratifiedDifference.Stratum> strata) {
        return strata.stream().anyMatch(s -> s.nA() > 0 && s.nB() > 0);
    }

    private static boolean anyStopped(List<CellResult> cells, String factor, String reference, String level) {
        return cells.stream().anyMatch(c -> c.isStopped() && List.of(reference, level).contains(Condition.levelsOf(c.conditionId()).get(factor)));
    }

    /**
     * What happened to stopped cells: left out (how many rows or cells), or included and marked. {@code leftOut}
     * names what was left out, e.g. "12 comparisons that involve 4 stopped cells".
     */
    private static List<String> stopWarnings(int stoppedCells, String leftOut, List<? extends Contrast> rows, boolean allowStopped) {
        if (stoppedCells == 0) return List.of();
        if (!allowStopped) {
            return List.of("Left out: " + leftOut + ". Sampling stopped early there (--stop-when-decided), so n depends on the data and "
                    + "fixed-n tests and intervals do not hold. --allow-stopped includes them, marked \"stopped\".");
        }
        long marked = rows.stream().filter(Contrast::stopped).count();
        return List.of("Included by --allow-stopped: " + marked + " rows marked \"stopped\" rest on " + cells(stoppedCells)
                + " whose sampling stopped early (--stop-when-decided). n depends on the data there, so those rows' p-values and "
                + "intervals, which assume a fixed n, are approximate.");
    }

    private static String cells(int n) {
        return n + " stopped cell" + (n == 1 ? "" : "s");
    }
}
