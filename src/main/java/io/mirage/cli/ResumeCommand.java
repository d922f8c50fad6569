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

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "resume", description = "Finish a stored run: run what is missing (and what errored, unless told not to).")
final class ResumeCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "RUN", description = "The run id, as listed by `mirage runs`.")
    String runId;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C", description = "Rollouts at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--no-retry-errors", description = "Keep errored rollouts as they are.")
    boolean noRetryErrors;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output.Format format;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Start no new rollout once the run has cost this much in all.")
    Double maxCost;

    @Mixin ModelOptions modelOptions;

    @Mixin EarlyStoppingOptions earlyStopping;

    @Mixin HtmlOptions html;

    @Override
    public Integer call() {
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        html.validate();
        RunSpec spec;
        try (RunStore store = workspace.openStore()) {
            spec = store.run(runId).map(RunSummary::spec).orElseThrow(() -> new UsageException(
                    "no run '" + runId + "' in " + workspace.dbPath() + "; `mirage runs` lists the runs"));
        }
        ScenarioPack pack = workspace.library().load(spec.scenario());
        if (!pack.hash().equals(spec.packHash())) {
            throw new UsageException("run " + runId + " was planned with scenario pack " + spec.scenario() + " at hash "
                    + spec.packHash() + ", but that pack now has hash " + pack.hash()
                    + "; pass the original pack with --scenarios, or start a new run");
        }
        Function<String, ModelSettings> settings = modelOptions.settings();
        for (String model : spec.models()) {
            Map<String, String> planned = spec.modelSettings().getOrDefault(model, Map.of());
            Map<String, String> now = settings.apply(model).describe();
            if (!planned.equals(now)) {
                throw new UsageException("the settings of " + model + " differ from those run " + runId + " was planned with ("
                        + now + " now, " + planned + " then); restore them in the models file or flags, or start a new run");
            }
        }
        ModelOptions.check("--max-cost", maxCost, io.mirage.model.SettingRules::nonNegative);
        RunOptions options = new RunOptions(concurrency, !noRetryErrors, settings, System.getenv()).withMaxCost(maxCost).withEarlyStopping(earlyStopping.rule());
        return RunLauncher.execute(workspace, pack, spec, options, format, html, command.commandLine().getOut(), command.commandLine().getErr());
    }
}
