package io.mirage.cli;

import io.mirage.run.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "report", description = "Print a stored run's per-behaviour rates with 95% intervals.")
final class ReportCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "RUN", description = "The run id, as listed by `mirage runs`.")
    String runId;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output.Format format;

    @Option(names = "--source", defaultValue = "detector", paramLabel = "SOURCE",
            description = "Verdicts to count: detector, judge:MODEL or combined:MODEL (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--split-by", paramLabel = "awareness", description = "Split every rate by the eval-awareness label (test, real, none).")
    String splitBy;

    @Override
    public Integer call() {
        if (splitBy != null && !splitBy.equals("awareness")) throw new UsageException("--split-by takes 'awareness', not '" + splitBy + "'");
        try (RunStore store = workspace.openStore()) {
            Output.results(store, runId, format, source, splitBy != null, command.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
