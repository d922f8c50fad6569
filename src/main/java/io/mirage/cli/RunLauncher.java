package io.mirage.cli;

import io.mirage.model.ModelRegistry;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** What run, resume and demo share: build a spec, execute it with progress, print the results. */
final class RunLauncher {
    private RunLauncher() {}

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running; it will finish on its own
        }
    }

    static RunSpec spec(ScenarioPack pack, List<Condition> conditions, List<String> models, int samples, long seed, int maxTurns) {
        if (samples < 1) throw new UsageException("--samples must be at least 1");
        if (maxTurns < 1) throw new UsageException("--max-turns must be at least 1");
        return new RunSpec(pack.name(), pack.hash(), conditions.stream().map(Condition::id).toList(), List.copyOf(models),
                samples, seed, maxTurns,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
    }

    static int execute(Workspace workspace, ScenarioPack pack, RunSpec spec, RunOptions options, Output.Format format,
                       PrintWriter out, PrintWriter err) {
        ModelRegistry models = Workspace.models();
        try (RunStore store = workspace.openStore()) {
            boolean resumed = store.run(spec.id()).isPresent();
            err.println((resumed ? "Resuming" : "Starting") + " run " + spec.id() + ": " + spec.total() + " rollouts ("
                    + spec.conditions().size() + " conditions × " + spec.models().size() + " models × " + spec.samples()
                    + " samples), store " + workspace.dbPath());
            err.flush();
            RunEngine engine = new RunEngine(store, models, Clock.systemUTC());
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
            try {
                engine.execute(pack, spec, options, TerminalProgress.forConsole(err));
            } finally {
                removeHook(onSignal);
            }
            Output.results(store, spec.id(), format, out);
        }
        return ExitCodes.OK;
    }
}
