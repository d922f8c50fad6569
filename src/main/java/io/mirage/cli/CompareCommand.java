package io.mirage.cli;

import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.Comparison;
import io.mirage.report.ResultTable;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.scenario.Condition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare", description = {
        "Compare rates and say which differences are significant after Holm's correction across all rows:",
        "  mirage compare RUN_A RUN_B            the same cells in two runs (same models, or one model each)",
        "  mirage compare RUN --models           every pair of models in each condition (Newcombe interval, Fisher exact test)",
        "  mirage compare RUN --factor threat    each level against the first, across the grid (Mantel-Haenszel, stratified",
        "                                        by model and the other factors)"})
final class CompareCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(arity = "1..2", paramLabel = "RUN", description = "One run (with --models or --factor) or two runs.")
    List<String> runs;

    @Option(names = "--models", description = "Contrast the models of one run, condition by condition.")
    boolean models;

    @Option(names = "--factor", paramLabel = "FACTOR", description = "Contrast the levels of one factor of one run.")
    String factor;

    @Option(names = "--source", defaultValue = "detector", paramLabel = "SOURCE",
            description = "Verdicts to count: detector, judge:MODEL or combined:MODEL (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--behaviour", paramLabel = "ID", description = "Only this behaviour (repeatable).")
    List<String> behaviours = new ArrayList<>();

    @Option(names = "--confidence", defaultValue = "0.95", description = "Interval confidence (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Family-wise significance level (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Override
    public Integer call() {
        if (!(confidence > 0 && confidence < 1)) throw new UsageException("--confidence must be between 0 and 1");
        if (!(alpha > 0 && alpha < 1)) throw new UsageException("--alpha must be between 0 and 1");
        int modes = (runs.size() == 2 ? 1 : 0) + (models ? 1 : 0) + (factor != null ? 1 : 0);
        if (modes != 1) throw new UsageException("give two runs, or one run with either --models or --factor FACTOR");
        List<Comparison> rows;
        try (RunStore store = workspace.openStore()) {
            ResultTable a = table(store, runs.getFirst());
            if (runs.size() == 2) rows = runs(a, table(store, runs.get(1)));
            else if (models) rows = models(a);
            else {
                try {
                    rows = Comparison.ofFactor(a, factor, confidence);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
        }
        rows = rows.stream().filter(r -> behaviours.isEmpty() || behaviours.contains(r.behaviour())).toList();
        if (rows.isEmpty()) throw new UsageException("nothing to compare: no pair of cells has valid rollouts on both sides");
        command.commandLine().getOut().print(Comparison.text(Comparison.holm(rows), confidence, alpha));
        command.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private ResultTable table(RunStore store, String runId) {
        RunSummary run = store.run(runId).orElseThrow(() -> new UsageException("no run '" + runId + "' in " + workspace.dbPath()
                + "; `mirage runs` lists the runs"));
        var outcomes = store.outcomes(runId);
        if (outcomes.stream().noneMatch(o -> o.source().equals(source))) {
            throw new UsageException("run " + runId + " has no verdicts from '" + source + "'" + (source.equals(Verdict.DETECTOR) ? ""
                    : "; judge it first: mirage judge " + runId + " --judge-model MODEL"));
        }
        return ResultTable.of(run.spec(), outcomes, source);
    }

    private List<Comparison> runs(ResultTable a, ResultTable b) {
        List<String> ma = a.spec().models();
        List<String> mb = b.spec().models();
        boolean sameModels = ma.equals(mb);
        if (!sameModels && (ma.size() != 1 || mb.size() != 1)) {
            throw new UsageException("the runs have different models (" + ma + " and " + mb + "); compare runs with the same models, or with one model each");
        }
        List<Comparison> rows = new ArrayList<>();
        for (CellResult x : a.cells()) {
            for (CellResult y : b.cells()) {
                boolean pair = x.conditionId().equals(y.conditionId()) && x.behaviour().equals(y.behaviour())
                        && (!sameModels || x.model().equals(y.model()));
                if (pair && x.n() > 0 && y.n() > 0) {
                    rows.add(Comparison.ofCells(new Comparison.Side(a.spec().id() + " " + x.model(), x),
                            new Comparison.Side(b.spec().id() + " " + y.model(), y), confidence));
                }
            }
        }
        return rows;
    }

    private List<Comparison> models(ResultTable table) {
        List<String> names = table.spec().models();
        if (names.size() < 2) throw new UsageException("run " + table.spec().id() + " has one model; --models needs at least two");
        List<Comparison> rows = new ArrayList<>();
        for (CellResult x : table.cells()) {
            for (CellResult y : table.cells()) {
                boolean pair = x.conditionId().equals(y.conditionId()) && x.behaviour().equals(y.behaviour())
                        && names.indexOf(x.model()) < names.indexOf(y.model());
                if (pair && x.n() > 0 && y.n() > 0) {
                    String condition = Condition.shortId(x.conditionId());
                    rows.add(Comparison.ofCells(new Comparison.Side(x.model() + " " + condition, x),
                            new Comparison.Side(y.model() + " " + condition, y), confidence));
                }
            }
        }
        return rows;
    }
}
