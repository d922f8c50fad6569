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
import java.util.List;

/** What run, resume and demo share: build a spec, execute it with progress, print the results. */
final class RunLauncher {
    private RunLauncher() {}

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
            new RunEngine(store, models, Clock.systemUTC()).execute(pack, spec, options, TerminalProgress.forConsole(err));
            Output.results(store, spec.id(), format, out);
        }
        return ExitCodes.OK;
    }
}
