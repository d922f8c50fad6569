package io.mirage.cli;

import io.mirage.model.ModelSettings;
import io.mirage.run.PlanEstimate;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.scenario.ScenarioPack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "run", description = {
        "Run a scenario's conditions against one or more models and report per-behaviour rates.",
        "Running the same command again resumes the same run and finishes only what is missing."})
final class RunCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Option(names = "--scenario", required = true, paramLabel = "NAME", description = "Scenario pack (see `mirage scenarios list`).")
    String scenario;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "provider/model; repeat for several models.")
    List<String> models;

    @Option(names = "--samples", defaultValue = "10", paramLabel = "N", description = "Rollouts per model × condition (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--condition", paramLabel = "k=v,…",
            description = "Fix factor levels (e.g. goal=explicit,threat=replacement|restriction); other factors are swept.")
    List<String> conditions = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "Base seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C", description = "Rollouts at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--max-turns", defaultValue = "10", paramLabel = "T", description = "Model turns per rollout (default: ${DEFAULT-VALUE}).")
    int maxTurns;

    @Option(names = "--no-retry-errors", description = "On resume, keep errored rollouts as they are instead of running them again.")
    boolean noRetryErrors;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output.Format format;

    @Option(names = "--tool-protocol", defaultValue = RunSpec.NATIVE_TOOLS, paramLabel = "native|text",
            description = "native function calling, or tools described in the prompt and called with <tool_call> tags (default: ${DEFAULT-VALUE}).")
    String toolProtocol;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Start no new rollout once the run has cost this much (needs prices in the models file).")
    Double maxCost;

    @Option(names = "--dry-run", description = "Print the plan with estimated tokens and cost, and run nothing.")
    boolean dryRun;

    @Option(names = "--judge-model", paramLabel = "MODEL",
            description = "Also judge every rollout with this model once the run is done (see `mirage judge`).")
    String judgeModel;

    @Mixin ModelOptions modelOptions;

    @Mixin EarlyStoppingOptions earlyStopping;

    @Mixin HtmlOptions html;

    @Override
    public Integer call() {
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        html.validate();
        if (!toolProtocol.equals(RunSpec.NATIVE_TOOLS) && !toolProtocol.equals(RunSpec.TEXT_TOOLS)) {
            throw new UsageException("--tool-protocol must be native or text, not '" + toolProtocol + "'");
        }
        ModelOptions.check("--max-cost", maxCost, io.mirage.model.SettingRules::nonNegative);
        ScenarioPack pack = workspace.library().load(scenario);
        Function<String, ModelSettings> settings = modelOptions.settings();
        RunSpec spec = RunLauncher.spec(pack, pack.select(Conditions.parse(conditions)), models, samples, seed, maxTurns, settings, toolProtocol);
        if (dryRun) {
            command.commandLine().getOut().print(PlanEstimate.of(pack, spec, settings).describe());
            command.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        RunOptions options = new RunOptions(concurrency, !noRetryErrors, settings, System.getenv()).withMaxCost(maxCost).withEarlyStopping(earlyStopping.rule());
        RunLauncher.JudgeRequest judge = judgeModel == null ? null
                : new RunLauncher.JudgeRequest(judgeModel, settings, concurrency, io.mirage.run.JudgeOptions.DEFAULT_ATTEMPTS, false);
        return RunLauncher.execute(workspace, pack, spec, options, judge, format, html, command.commandLine().getOut(), command.commandLine().getErr());
    }
}
