package io.mirage.cli;

import io.mirage.model.ModelSettings;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.scenario.ScenarioPack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "resume", description = {
        "Finish a stored run, or every run of a named experiment: run what is missing (and what errored, unless told not to).",
        "Everything the run stored is reused (base URL, key variable, settings, judge, stakeholder model); flags override how models are reached,",
        "and a changed setting that shapes answers is refused."})
final class ResumeCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "RUN", description = "The run id, as listed by `mirage runs`, or a run name (all runs with that name).")
    String runId;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C", description = "Rollouts at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--no-retry-errors", description = "Keep errored rollouts as they are.")
    boolean noRetryErrors;

    @Option(names = "--limit", paramLabel = "N", description = "Run only up to the first N rollouts of the plan.")
    Integer limit;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output.Format format;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Start no new model call once the run has cost this much in all, counting calls in flight (needs prices).")
    Double maxCost;

    @Mixin ModelOptions modelOptions;

    @Mixin EarlyStoppingOptions earlyStopping;

    @Mixin HtmlOptions html;

    @Override
    public Integer call() {
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        if (limit != null && limit < 1) throw new UsageException("--limit must be at least 1");
        html.validate();
        ModelOptions.check("--max-cost", maxCost, io.mirage.model.SettingRules::nonNegative);
        List<StoredRun> runs = find();
        int code = ExitCodes.OK;
        for (StoredRun stored : runs) code = Math.max(code, resume(stored));
        return code;
    }

    private List<StoredRun> find() {
        try (RunStore store = workspace.openStore()) {
            List<RunSummary> matching = store.run(runId).map(List::of)
                    .orElseGet(() -> store.runs().stream().filter(r -> !runId.isEmpty() && r.spec().name().equals(runId)).toList());
            if (matching.isEmpty()) {
                throw new UsageException("no run with id or name '" + runId + "' in " + workspace.dbName() + "; `mirage runs` lists the runs");
            }
            return matching.stream().map(r -> new StoredRun(r.spec(), store.manifest(r.id()).map(Provenance::read))).toList();
        }
    }

    private int resume(StoredRun stored) {
        RunSpec spec = stored.spec();
        PrintWriter err = command.commandLine().getErr();
        ScenarioPack pack = stored.pack(workspace.library(), note -> err.println(note.replace("using the pack's files", "resuming with the pack's files")));
        Function<String, ModelSettings> settings = modelOptions.settingsOver(stored.settingsThen());
        stored.refuseChangedSettings(settings);
        RunOptions options = new RunOptions(concurrency, !noRetryErrors, settings, System.getenv()).withMaxCost(maxCost)
                .withEarlyStopping(earlyStopping.rule()).withLimit(limit).withStakeholderModel(stored.stakeholder());
        String judge = stored.judge();
        RunLauncher.JudgeRequest judgeRequest = judge == null ? null
                : new RunLauncher.JudgeRequest(judge, settings, concurrency, io.mirage.run.JudgeOptions.DEFAULT_ATTEMPTS, false);
        return RunLauncher.execute(workspace, pack, spec, options, judgeRequest, null, format, html, command.commandLine().getOut(), err);
    }
}
