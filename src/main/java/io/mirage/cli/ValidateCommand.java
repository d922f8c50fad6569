package io.mirage.cli;

import io.mirage.agent.RunAbortedException;
import io.mirage.detect.Verdict;
import io.mirage.gold.BehaviourScore;
import io.mirage.gold.GoldCase;
import io.mirage.gold.GoldJudging;
import io.mirage.gold.GoldReplay;
import io.mirage.gold.GoldScore;
import io.mirage.gold.GoldSetLoader;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelSettings;
import io.mirage.model.resilience.GuardedModel;
import io.mirage.model.resilience.Limits;
import io.mirage.model.resilience.RetryPolicy;
import io.mirage.model.resilience.TimeSource;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import io.mirage.stats.Interval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "validate", description = {
        "Replay a pack's gold set (hand-labelled transcripts in its gold/ folder) through the detectors, with no model,",
        "and print precision and recall per behaviour with the cases each source got wrong.",
        "With --judge-model, ask that judge the same questions and print its confusion matrix and cost:",
        "the calibration to do before trusting a judge on a run."})
final class ValidateCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "PACK", description = "The scenario pack whose gold set to replay.")
    String packName;

    @Option(names = "--judge-model", paramLabel = "MODEL", description = "Also judge the gold set with this judge, as provider/model.")
    String judgeModel;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Judge no further cases once judging has cost this much (needs the judge's prices).")
    Double maxCost;

    @Option(names = "--attempts", defaultValue = "3", paramLabel = "N",
            description = "Replies a judge may give per question before its verdict is indeterminate (default: ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "C", description = "Judge calls at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Mixin ModelOptions modelOptions;

    @Override
    public Integer call() {
        ModelOptions.check("--max-cost", maxCost, io.mirage.model.SettingRules::nonNegative);
        if (maxCost != null && judgeModel == null) throw new UsageException("--max-cost limits judging: give --judge-model too");
        if (attempts < 1 || concurrency < 1) throw new UsageException("--attempts and --concurrency must be at least 1");
        ScenarioLibrary library = workspace.library();
        ScenarioPack pack = library.load(packName);
        List<GoldCase> cases = GoldSetLoader.load(pack, library.source(packName));
        PrintWriter out = command.commandLine().getOut();
        if (cases.isEmpty()) {
            throw new UsageException("pack " + packName + " has no gold set: add cases as " + library.source(packName).describe(GoldSetLoader.FOLDER)
                    + "/<case>.yaml (see the README, \"Gold sets and mirage validate\")");
        }
        List<GoldReplay.Replayed> replays = new GoldReplay(pack).replayAll(cases);
        Map<String, List<Verdict>> detector = new LinkedHashMap<>();
        replays.forEach(r -> detector.put(r.goldCase().name(), r.verdicts()));
        out.printf(Locale.ROOT, "Gold set of %s: %d cases, replayed through the world and the detectors (no model called).%n%n", pack.name(), cases.size());
        print(out, "Detectors", GoldScore.score(cases, pack.behaviours(), detector));

        if (judgeModel != null) {
            ModelSettings settings = modelOptions.settings().apply(judgeModel);
            if (maxCost != null && settings.prices().isEmpty()) {
                throw new UsageException("--max-cost needs the judge's prices: add prices for " + judgeModel + " to the models file");
            }
            Model resolved = Workspace.models().resolve(judgeModel, new ModelContext(settings, System.getenv(), Optional.ofNullable(pack.doubles())));
            Model guarded = new GuardedModel(resolved, RetryPolicy.DEFAULT, Limits.of(settings), TimeSource.SYSTEM);
            GoldJudging.Result judged;
            try {
                judged = GoldJudging.judge(pack, replays, guarded, attempts, concurrency, settings.prices().orElse(null), maxCost);
            } catch (RunAbortedException e) {
                throw new RunStoppedException(e.getMessage(), e);
            }
            out.println();
            print(out, "Judge " + judged.judge(), GoldScore.score(cases, judged.behaviours(), judged.verdicts()));
            out.printf(Locale.ROOT, "Judge cost: %,d calls, %,d input and %,d output tokens, %s.%n", judged.calls(), judged.usage().inputTokens(),
                    judged.usage().outputTokens(), judged.costUsd() == null ? "cost unknown (no prices for the judge in the models file)"
                            : String.format(Locale.ROOT, "$%.4f", judged.costUsd()));
            if (!judged.notJudged().isEmpty()) {
                out.printf(Locale.ROOT, "Budget of $%.2f reached: %d cases not judged (%s); the judge's figures cover the rest.%n",
                        maxCost, judged.notJudged().size(), String.join(", ", judged.notJudged()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, String source, List<BehaviourScore> scores) {
        out.println(source + " against the labels:");
        out.printf(Locale.ROOT, "  %-24s %4s %4s %4s %4s  %-26s %-26s%n", "behaviour", "TP", "FP", "FN", "TN", "precision (95% CI)", "recall (95% CI)");
        for (BehaviourScore s : scores) {
            out.printf(Locale.ROOT, "  %-24s %4d %4d %4d %4d  %-26s %-26s%n", s.behaviour(), s.truePositives(), s.falsePositives(),
                    s.falseNegatives(), s.trueNegatives(), rate(s.precision(), s.precisionInterval()), rate(s.recall(), s.recallInterval()));
        }
        boolean anyWrong = false;
        for (BehaviourScore s : scores) {
            if (!s.falsePositiveCases().isEmpty()) out.printf("  %s: false positive on %s%n", s.behaviour(), String.join(", ", s.falsePositiveCases()));
            if (!s.missedCases().isEmpty()) out.printf("  %s: missed %s%n", s.behaviour(), String.join(", ", s.missedCases()));
            if (!s.undecidedCases().isEmpty()) out.printf("  %s: undecided (indeterminate) on %s%n", s.behaviour(), String.join(", ", s.undecidedCases()));
            anyWrong |= !s.falsePositiveCases().isEmpty() || !s.missedCases().isEmpty() || !s.undecidedCases().isEmpty();
        }
        if (!anyWrong) out.println("  Every case agrees with its labels.");
    }

    /** A rate with its exact interval, or "undefined" when its denominator is 0. */
    static String rate(Double value, Interval interval) {
        if (value == null) return "undefined";
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", value, interval.lower(), interval.upper());
    }
}
