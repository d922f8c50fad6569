package io.mirage.cli;

import io.mirage.agent.RunAbortedException;
import io.mirage.model.ModelSettings;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunResult;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** What run, resume and demo share: build a spec, execute it with progress, print the results. */
final class RunLauncher {
    private RunLauncher() {}

    static RunSpec spec(ScenarioPack pack, List<Condition> conditions, List<String> models, int samples, long seed, int maxTurns,
                        Function<String, ModelSettings> settings, String toolProtocol) {
        if (samples < 1) throw new UsageException("--samples must be at least 1");
        if (maxTurns < 1) throw new UsageException("--max-turns must be at least 1");
        if (models.stream().distinct().count() != models.size()) throw new UsageException("a --model is given twice");
        Map<String, Map<String, String>> modelSettings = new LinkedHashMap<>();
        for (String model : models) modelSettings.put(model, settings.apply(model).describe());
        return new RunSpec(pack.name(), pack.hash(), conditions.stream().map(Condition::id).toList(), List.copyOf(models),
                samples, seed, maxTurns,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList(),
                modelSettings, toolProtocol);
    }

    static int execute(Workspace workspace, ScenarioPack pack, RunSpec spec, RunOptions options, Output.Format format,
                       HtmlOptions html, PrintWriter out, PrintWriter err) {
        try (RunStore store = workspace.openStore()) {
            boolean resumed = store.run(spec.id()).isPresent();
            err.println((resumed ? "Resuming" : "Starting") + " run " + spec.id() + ": " + spec.total() + " rollouts ("
                    + spec.conditions().size() + " conditions × " + spec.models().size() + " models × " + spec.samples()
                    + " samples), store " + workspace.dbPath());
            err.flush();
            RunEngine engine = new RunEngine(store, Workspace.models(), Clock.systemUTC());
            // On Ctrl-C or SIGTERM: start nothing new, store what finishes in the next seconds, say how to go on.
            Thread onSignal = new Thread(() -> {
                try {
                    err.println();
                    err.println("Stopping: storing the rollouts in flight… resume with: mirage resume " + spec.id());
                    err.flush();
                    engine.stop(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(onSignal);
            RunResult result;
            try {
                result = engine.execute(pack, spec, options, TerminalProgress.forConsole(err));
            } catch (RunAbortedException e) {
                throw new RunStoppedException("run " + spec.id() + " stopped: " + e.getMessage()
                        + ". The rollouts that met this error were not recorded and have no verdict; fix the key, then: mirage resume "
                        + spec.id(), e);
            } finally {
                removeHook(onSignal);
            }
            if (result.ending() == RunResult.Ending.BUDGET_REACHED) {
                err.printf(Locale.ROOT, "Budget of $%.2f reached: no new rollouts were started. Resume with a higher --max-cost: mirage resume %s%n",
                        options.maxCostUsd(), spec.id());
            }
            Output.results(store, spec.id(), format, out);
            HtmlOutput.afterRun(workspace, store, spec.id(), html, err);
        }
        return ExitCodes.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running; it will finish on its own
        }
    }
}
