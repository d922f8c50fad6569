package io.mirage.cli;

import io.mirage.run.JudgeEngine;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.scenario.ScenarioPack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "judge", description = {
        "Judge a stored run's rollouts with an LLM judge, without running them again: one verdict per",
        "behaviour with a rubric, the combined (detector AND judge) verdict, and the eval-awareness label.",
        "Verdicts of different judges are kept side by side; a judge skips rollouts it already judged unless --rejudge.",
        "The run's HTML report is written again with the new verdicts."})
final class JudgeCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "RUN", description = "The run id, as listed by `mirage runs`.")
    String runId;

    @Option(names = "--judge-model", required = true, paramLabel = "MODEL", description = "The judge, as provider/model (settings from the models file).")
    String judgeModel;

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
        try (RunStore store = workspace.openStore()) {
            RunSummary run = store.run(runId).orElseThrow(() -> new UsageException(
                    "no run '" + runId + "' in " + workspace.dbPath() + "; `mirage runs` lists the runs"));
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
}
