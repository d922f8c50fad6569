package io.mirage.cli;

import io.mirage.experiment.Manifest;
import io.mirage.model.ModelSettings;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "resume", description = {
        "Finish a stored run, or every run of a named experiment: run what is missing (and what errored, unless told not to).",
        "Everything the run stored is reused (base URL, key variable, settings, judge); flags override how models are reached,",
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
        List<Stored> runs = find();
        int code = ExitCodes.OK;
        for (Stored stored : runs) code = Math.max(code, resume(stored));
        return code;
    }

    /** A stored run with its manifest, when it has one. */
    private record Stored(RunSpec spec, Optional<Manifest> manifest) {}

    private List<Stored> find() {
        try (RunStore store = workspace.openStore()) {
            List<RunSummary> matching = store.run(runId).map(List::of)
                    .orElseGet(() -> store.runs().stream().filter(r -> !runId.isEmpty() && r.spec().name().equals(runId)).toList());
            if (matching.isEmpty()) {
                throw new UsageException("no run with id or name '" + runId + "' in " + workspace.dbName() + "; `mirage runs` lists the runs");
            }
            return matching.stream().map(r -> new Stored(r.spec(), store.manifest(r.id()).map(Provenance::read))).toList();
        }
    }

    private int resume(Stored stored) {
        RunSpec spec = stored.spec();
        ScenarioPack pack = pack(spec, stored.manifest(), command.commandLine().getErr());
        Map<String, Map<String, String>> settingsThen = new java.util.HashMap<>(spec.modelSettings());
        stored.manifest().ifPresent(m -> {
            settingsThen.putAll(m.agents());
            if (m.judge() != null) settingsThen.putIfAbsent(m.judge(), m.judgeSettings());
        });
        Function<String, ModelSettings> settings = modelOptions.settingsOver(settingsThen);
        RunLauncher.refuseChangedSettings(spec, spec.withModelSettings(model -> settings.apply(model).describe()));
        RunOptions options = new RunOptions(concurrency, !noRetryErrors, settings, System.getenv()).withMaxCost(maxCost)
                .withEarlyStopping(earlyStopping.rule()).withLimit(limit);
        String judge = stored.manifest().map(Manifest::judge).orElse(null);
        RunLauncher.JudgeRequest judgeRequest = judge == null ? null
                : new RunLauncher.JudgeRequest(judge, settings, concurrency, io.mirage.run.JudgeOptions.DEFAULT_ATTEMPTS, false);
        return RunLauncher.execute(workspace, pack, spec, options, judgeRequest, null, format, html, command.commandLine().getOut(),
                command.commandLine().getErr());
    }

    /** The run's pack: today's when unchanged, else the files stored with the run, else a clear refusal. */
    private ScenarioPack pack(RunSpec spec, Optional<Manifest> manifest, PrintWriter err) {
        ScenarioLibrary library = workspace.library();
        Optional<ScenarioPack> today = library.names().contains(spec.scenario()) ? Optional.of(library.load(spec.scenario())) : Optional.empty();
        if (today.isPresent() && today.get().hash().equals(spec.packHash())) return today.get();
        if (manifest.isPresent() && !manifest.get().packFiles().isEmpty()) {
            ScenarioPack snapshot = library.load(spec.scenario(), manifest.get().packFiles());
            if (snapshot.hash().equals(spec.packHash())) {
                err.println("Note: scenario " + spec.scenario() + (today.isPresent() ? " changed since run " + spec.id() + " was planned" : " is not installed")
                        + "; resuming with the pack's files stored with the run (hash " + spec.packHash() + ").");
                return snapshot;
            }
        }
        throw new UsageException("run " + spec.id() + " was planned with scenario pack " + spec.scenario() + " at hash "
                + spec.packHash() + ", but that pack now has hash " + today.map(ScenarioPack::hash).orElse("(not installed)")
                + " and the run stored no copy of its files; pass the original pack with --scenarios, or start a new run");
    }
}
