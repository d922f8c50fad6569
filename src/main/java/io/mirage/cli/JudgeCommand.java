package io.mirage.cli;

import io.mirage.detect.Verdict;
import io.mirage.run.ForgottenJudge;
import io.mirage.run.JudgeEngine;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.StoredOutcome;
import io.mirage.scenario.ScenarioPack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "judge", description = {
        "Judge a stored run's rollouts with an LLM judge, without running them again: one verdict per",
        "behaviour with a rubric, the combined (detector AND judge) verdict, and the eval-awareness label.",
        "Verdicts of different judges are kept side by side; a judge skips rollouts it already judged unless --rejudge,",
        "but asks again the questions whose judge call failed or got no usable reply.",
        "The run's HTML report is written again with the new verdicts.",
        "--forget JUDGE removes one judge's verdicts, combined verdicts and eval-awareness labels from the run."})
final class JudgeCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "RUN", description = "The run id, as listed by `mirage runs`.")
    String runId;

    @Option(names = "--judge-model", paramLabel = "MODEL", description = "The judge, as provider/model (settings from the models file).")
    String judgeModel;

    @Option(names = "--forget", paramLabel = "JUDGE",
            description = "Remove this judge's verdicts from the run instead of judging: its model (provider/model) or its source (judge:provider/model).")
    String forget;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C", description = "Judge calls at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--attempts", defaultValue = "3", paramLabel = "N",
            description = "Replies a judge may give per question before its verdict is indeterminate (default: ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--rejudge", description = "Judge again the rollouts this judge has already judged.")
    boolean rejudge;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Judge no further rollouts once judging has cost this much (needs the judge's prices).")
    Double maxCost;

    @Option(names = "--dry-run", description = "Print how many questions judging would ask, with estimated tokens and cost, and judge nothing.")
    boolean dryRun;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output.Format format;

    @Mixin ModelOptions modelOptions;

    @Mixin HtmlOptions html;

    @Override
    public Integer call() {
        ModelOptions.check("--max-cost", maxCost, io.mirage.model.SettingRules::nonNegative);
        if ((judgeModel == null) == (forget == null)) {
            throw new UsageException("give either --judge-model MODEL to judge or --forget JUDGE to remove a judge's verdicts");
        }
        try (RunStore store = workspace.openStore()) {
            RunSummary run = store.run(runId).orElseThrow(() -> new UsageException(
                    "no run '" + runId + "' in " + workspace.dbName() + "; `mirage runs` lists the runs"));
            if (forget != null) return forget(store);
            ScenarioPack pack = workspace.library().load(run.spec().scenario());
            RunLauncher.JudgeRequest request = new RunLauncher.JudgeRequest(judgeModel, modelOptions.settings(), concurrency, attempts, rejudge,
                    maxCost);
            if (dryRun) {
                JudgeEngine.Estimate e = new JudgeEngine(store, Workspace.models()).estimate(pack, run.spec(), request.options());
                command.commandLine().getOut().printf(Locale.ROOT,
                        "Judging %s with %s would ask %,d questions about %,d rollouts: ~%,d input and ~%,d output tokens%s.%n",
                        runId, judgeModel, e.questions(), e.rollouts(), e.inputTokens(), e.outputTokens(),
                        e.costUsd() == null ? " (no prices for the judge in the models file)" : String.format(Locale.ROOT, ", ~$%.2f", e.costUsd()));
                command.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
            RunLauncher.judge(store, pack, run.spec(), request, command.commandLine().getErr());
            Output.results(store, runId, format, io.mirage.detect.Verdict.combinedSource(judgeModel), false, command.commandLine().getOut());
            HtmlOutput.afterRun(workspace, store, runId, html, command.commandLine().getErr());
        }
        return ExitCodes.OK;
    }

    /** Removes one judge's verdicts; the judge may be named by its model or by its verdict source. */
    private int forget(RunStore store) {
        String judge = forget.startsWith(Verdict.JUDGE_PREFIX) ? forget.substring(Verdict.JUDGE_PREFIX.length())
                : forget.startsWith(Verdict.COMBINED_PREFIX) ? forget.substring(Verdict.COMBINED_PREFIX.length()) : forget;
        Set<String> judges = judges(store);
        if (!judges.contains(judge)) {
            throw new UsageException("run " + runId + " has no verdicts from judge '" + judge + "'; "
                    + (judges.isEmpty() ? "it has not been judged" : "its judges: " + String.join(", ", judges)));
        }
        ForgottenJudge removed = store.forgetJudge(runId, judge);
        PrintWriter out = command.commandLine().getOut();
        out.printf(Locale.ROOT, "Removed %,d verdicts of judge %s from run %s: %,d judge, %,d combined, and %,d eval-awareness labels.%n",
                removed.judgeVerdicts() + removed.combinedVerdicts(), judge, runId, removed.judgeVerdicts(), removed.combinedVerdicts(),
                removed.awarenessLabels());
        out.flush();
        HtmlOutput.afterRun(workspace, store, runId, html, command.commandLine().getErr());
        return ExitCodes.OK;
    }

    /** The judges a run has verdicts or eval-awareness labels from, by model. */
    private Set<String> judges(RunStore store) {
        Set<String> judges = new TreeSet<>();
        store.outcomes(runId).stream().map(StoredOutcome::source).filter(s -> s.startsWith(Verdict.JUDGE_PREFIX))
                .forEach(s -> judges.add(s.substring(Verdict.JUDGE_PREFIX.length())));
        store.awareness(runId).forEach(a -> judges.add(a.judge()));
        return judges;
    }
}
