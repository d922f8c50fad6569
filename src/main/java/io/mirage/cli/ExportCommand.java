package io.mirage.cli;

import io.mirage.export.InspectLogs;
import io.mirage.export.RolloutsCsv;
import io.mirage.export.RolloutsDuckDb;
import io.mirage.export.RunExport;
import io.mirage.export.TranscriptsJsonl;
import io.mirage.run.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "export", description = {
        "Write a stored run where researchers already work: a rollouts table (CSV or Parquet), a DuckDB database,",
        "transcripts as JSON Lines, or Inspect AI logs (one per agent model). Columns: docs/exports.md."})
final class ExportCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "RUN", description = "The run id, as listed by `mirage runs`.")
    String runId;

    @Option(names = "--rollouts", paramLabel = "FILE",
            description = "One row per rollout × behaviour × verdict source: FILE.csv, or FILE.parquet.")
    Path rollouts;

    @Option(names = "--duckdb", paramLabel = "FILE", description = "The same rows as table `rollouts` of a DuckDB database (replaced if there).")
    Path duckdb;

    @Option(names = "--transcripts", paramLabel = "FILE", description = "One JSON object per rollout with everything stored for it (.jsonl).")
    Path transcripts;

    @Option(names = "--inspect", paramLabel = "DIR", description = "Inspect AI .eval logs, one per agent model; open with `inspect view --log-dir DIR`.")
    Path inspect;

    @Option(names = "--inspect-json", paramLabel = "DIR", description = "The same Inspect logs in Inspect's .json format.")
    Path inspectJson;

    @Override
    public Integer call() throws IOException {
        if (rollouts == null && duckdb == null && transcripts == null && inspect == null && inspectJson == null) {
            throw new UsageException("name at least one export: --rollouts FILE.csv|FILE.parquet, --duckdb FILE, --transcripts FILE.jsonl, "
                    + "--inspect DIR or --inspect-json DIR");
        }
        boolean parquet = rollouts != null && name(rollouts).endsWith(".parquet");
        if (rollouts != null && !parquet && !name(rollouts).endsWith(".csv")) {
            throw new UsageException("--rollouts " + rollouts + ": name a .csv or a .parquet file");
        }
        for (Path file : new Path[]{rollouts, duckdb, transcripts}) {
            if (file != null && Files.isDirectory(file)) throw new UsageException(file + " is a folder; name a file");
            if (file != null && file.toAbsolutePath().getParent() != null && !Files.isDirectory(file.toAbsolutePath().getParent())) {
                throw new UsageException("no folder " + file.toAbsolutePath().getParent() + " to write " + file.getFileName() + " into");
            }
        }
        for (Path dir : new Path[]{inspect, inspectJson}) {
            if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException(dir + " is a file; name a folder for the logs");
        }
        PrintWriter out = command.commandLine().getOut();
        try (RunStore store = workspace.openExistingStore()) {
            RunExport run;
            try {
                run = RunExport.of(store, runId);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (rollouts != null) {
                long rows = parquet ? RolloutsDuckDb.parquet(run, rollouts) : RolloutsCsv.write(run, rollouts);
                out.printf(Locale.ROOT, "rollouts: %s (%d rows)%n", rollouts, rows);
            }
            if (duckdb != null) out.printf(Locale.ROOT, "duckdb: %s, table %s (%d rows)%n", duckdb, RolloutsDuckDb.TABLE, RolloutsDuckDb.database(run, duckdb));
            if (transcripts != null) out.printf(Locale.ROOT, "transcripts: %s (%d rollouts)%n", transcripts, TranscriptsJsonl.write(run, transcripts));
            if (inspect != null) printLogs(out, InspectLogs.write(run, inspect, InspectLogs.Format.EVAL));
            if (inspectJson != null) printLogs(out, InspectLogs.write(run, inspectJson, InspectLogs.Format.JSON));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printLogs(PrintWriter out, List<Path> logs) {
        for (Path log : logs) out.println("inspect log: " + log);
    }

    private static String name(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
