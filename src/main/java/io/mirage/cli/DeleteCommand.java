package io.mirage.cli;

import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "delete", description = {
        "Delete a run and everything stored with it: rollouts, verdicts of every source, eval-awareness labels,",
        "human labels and early stops, in one transaction; and its default HTML report. Asks first unless --yes."})
final class DeleteCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "RUN", description = "The run id, as listed by `mirage runs`.")
    String runId;

    @Option(names = "--yes", description = "Delete without asking.")
    boolean yes;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        try (RunStore store = workspace.openStore()) {
            RunSummary run = store.run(runId).orElseThrow(() -> new UsageException(
                    "no run '" + runId + "' in " + workspace.dbName() + "; `mirage runs` lists the runs"));
            if (!yes && !confirmed(run, err)) {
                out.println("Nothing deleted.");
                out.flush();
                return ExitCodes.OK;
            }
            Map<String, Integer> removed = store.deleteRun(runId);
            String rows = removed.entrySet().stream().filter(e -> !e.getKey().equals("runs"))
                    .map(e -> e.getValue() + " " + e.getKey().replace('_', ' ')).collect(Collectors.joining(", "));
            out.println("Deleted run " + runId + " (" + rows + ")" + deleteReport());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private boolean confirmed(RunSummary run, PrintWriter err) {
        err.print("Delete run " + runId + " (" + run.spec().scenario() + ", " + run.planned() + " rollouts, created " + run.createdAt()
                + ") and everything stored with it? Type the run id or y to delete: ");
        err.flush();
        String answer = readLine();
        if (answer == null) {
            throw new UsageException("no answer on standard input, so nothing was deleted; pass --yes to delete without asking");
        }
        answer = answer.strip();
        return answer.equals(runId) || answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
    }

    /** One line from the terminal, or from standard input when there is none (e.g. a pipe); null at its end. */
    private static String readLine() {
        try {
            // Not closed: closing it would close standard input for the rest of the process.
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the run's HTML report at its default place, which would otherwise show a run that no longer exists. */
    private String deleteReport() {
        Path report = HtmlOutput.defaultPath(workspace, runId);
        try {
            return Files.deleteIfExists(report) ? "; removed its HTML report " + report : "";
        } catch (IOException e) {
            return "; could not remove its HTML report " + report + ": " + e.getMessage();
        }
    }
}
