package io.mirage.cli;

import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "runs", description = "List the runs in the workspace.")
final class RunsCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        try (RunStore store = workspace.openExistingStore()) {
            List<RunSummary> runs = store.runs();
            if (runs.isEmpty()) out.println("No runs in " + workspace.dbPath() + " yet; try `mirage demo`.");
            for (RunSummary run : runs) {
                out.println(Output.summary(run) + "  created " + run.createdAt());
                out.println("    models: " + String.join(", ", run.spec().models()) + "; samples " + run.spec().samples()
                        + "; seed " + run.spec().seed());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
