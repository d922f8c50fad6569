package io.mirage.cli;

import io.mirage.detect.Verdict;
import io.mirage.report.ComparisonFamily;
import io.mirage.report.ComparisonFormat;
import io.mirage.report.ComparisonText;
import io.mirage.report.Comparisons;
import io.mirage.report.ResultTable;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

@Command(name = "compare", description = {
        "Compare rates and say which differences are significant, family-wise, across every comparison asked for:",
        "  mirage compare RUN_A RUN_B            the same cells in two runs (same models, or one model each)",
        "  mirage compare RUN --models           every pair of models in each condition",
        "  mirage compare RUN --factor threat    each level against the first, per model over the other factors",
        "                                        (Mantel-Haenszel), with a test of whether models differ",
        "Two cells: Fisher's exact test and its exact odds-ratio interval. Rows that cannot reach significance given",
        "their margins are left out of the multiplier (Tarone); the rest are tested at alpha/K, and each interval is",
        "at 1 - alpha/K, so a row is flagged exactly when its interval excludes no difference.",
        "--behaviour only filters what is printed: the family and its flags stay those of the whole comparison."})
final class CompareCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(arity = "1..2", paramLabel = "RUN", description = "One run (with --models or --factor) or two runs.")
    List<String> runs;

    @Option(names = "--models", description = "Contrast the models of one run, condition by condition.")
    boolean models;

    @Option(names = "--factor", paramLabel = "FACTOR", description = "Contrast the levels of one factor of one run, per model.")
    String factor;

    @Option(names = "--pooled", description = "With --factor: one effect pooled over the models instead of one per model "
            + "(misleading when the models differ; the homogeneity test says when).")
    boolean pooled;

    @Option(names = "--source", defaultValue = "detector", paramLabel = "SOURCE",
            description = "Verdicts to count: detector, judge:MODEL or combined:MODEL (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--behaviour", paramLabel = "ID", description = "Only print this behaviour (repeatable); flags are unchanged.")
    List<String> behaviours = new ArrayList<>();

    @Option(names = "--alpha", defaultValue = "0.05",
            description = "Family-wise significance level; intervals are simultaneous at 1 - alpha (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--allow-stopped", description = "Include cells whose sampling stopped early (--stop-when-decided); "
            + "their rows are marked, and fixed-n tests are only approximate for them.")
    boolean allowStopped;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output.Format format;

    @Override
    public Integer call() {
        if (!(alpha > 0 && alpha < 1)) throw new UsageException("--alpha must be between 0 and 1");
        int modes = (runs.size() == 2 ? 1 : 0) + (models ? 1 : 0) + (factor != null ? 1 : 0);
        if (modes != 1) throw new UsageException("give two runs, or one run with either --models or --factor FACTOR");
        if (pooled && factor == null) throw new UsageException("--pooled goes with --factor");
        ComparisonFamily family;
        try (RunStore store = workspace.openExistingStore()) {
            String first = runs.getFirst();
            ResultTable a = table(store, first);
            try {
                if (runs.size() == 2) {
                    String second = runs.get(1);
                    family = Comparisons.ofRuns(a, table(store, second), allowStopped, alpha);
                } else if (models) {
                    family = Comparisons.ofModels(a, allowStopped, alpha);
                } else {
                    family = Comparisons.ofFactor(a, factor, allowStopped, pooled, alpha);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        for (String b : behaviours) {
            if (family.rows().stream().noneMatch(r -> r.behaviour().equals(b))) {
                throw new UsageException("no comparison of behaviour '" + b + "'; the comparison has: "
                        + String.join(", ", family.rows().stream().map(r -> r.behaviour()).distinct().toList()));
            }
        }
        if (family.rows().isEmpty()) {
            throw new UsageException("nothing to compare: " + (family.warnings().isEmpty()
                    ? "no pair of cells has valid rollouts on both sides" : String.join(" ", family.warnings())));
        }
        // The text lists the warnings first; CSV and JSON readers get them on stderr too, where a person sees them.
        if (format != Output.Format.text) {
            for (String w : family.warnings()) command.commandLine().getErr().println("warning: " + w);
            command.commandLine().getErr().flush();
        }
        Predicate<String> shown = b -> behaviours.isEmpty() || behaviours.contains(b);
        command.commandLine().getOut().print(switch (format) {
            case text -> ComparisonText.text(family, shown);
            case csv -> ComparisonFormat.csv(family, shown);
            case json -> ComparisonFormat.json(family, shown);
        });
        command.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private ResultTable table(RunStore store, String runId) {
        RunSummary run = store.run(runId).orElseThrow(() -> new UsageException("no run '" + runId + "' in " + workspace.dbName()
                + "; `mirage runs` lists the runs"));
        var outcomes = store.outcomes(runId);
        if (outcomes.stream().noneMatch(o -> o.source().equals(source))) {
            throw new UsageException("run " + runId + " has no verdicts from '" + source + "'" + (source.equals(Verdict.DETECTOR) ? ""
                    : "; judge it first: mirage judge " + runId + " --judge-model MODEL"));
        }
        return ResultTable.of(run.spec(), outcomes, store.cellStops(runId), source);
    }
}
