package io.mirage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.WorkerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "runs", description = "List the runs in the workspace, optionally only those with a name or tags.")
final class RunsCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Option(names = "--name", paramLabel = "NAME", description = "Only runs with this name.")
    String name;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only runs with this tag (repeat: runs with every one of them).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output.Format format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        List<RunSummary> runs;
        List<WorkerStatus> workers;
        java.time.Instant now = java.time.Instant.now();
        try (RunStore store = workspace.openExistingStore()) {
            runs = store.runs().stream()
                    .filter(r -> name == null || r.spec().name().equals(name))
                    .filter(r -> r.tags().containsAll(tags)).toList();
            workers = store.workers().stream().filter(w -> w.live(now)).toList();
        }
        switch (format) {
            case json -> out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(runs.stream().map(RunsCommand::row).toList()));
            case csv -> {
                out.println(String.join(",", row(null).keySet()));
                for (RunSummary r : runs) out.println(String.join(",", row(r).values().stream().map(RunsCommand::cell).toList()));
            }
            case text -> {
                if (runs.isEmpty()) out.println(name == null && tags.isEmpty() ? "No runs in " + workspace.dbName() + " yet; try `mirage demo`."
                        : "No runs match in " + workspace.dbName() + ".");
                for (RunSummary run : runs) {
                    out.println(Output.summary(run) + "  created " + run.createdAt());
                    out.println("    " + (run.spec().name().isEmpty() ? "" : "name " + run.spec().name() + "; ")
                            + (run.tags().isEmpty() ? "" : "tags " + String.join(", ", run.tags()) + "; ")
                            + "models: " + String.join(", ", run.spec().models()) + "; samples " + run.spec().samples()
                            + "; seed " + run.spec().seed());
                }
                if (!workers.isEmpty()) out.println("Workers (" + workers.size() + " live):");
                for (WorkerStatus w : workers) out.println("  " + worker(w, now));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A live worker as `mirage runs` lists it: where it runs, on what, how far it got. */
    static String worker(WorkerStatus w, java.time.Instant now) {
        return w.id().replaceFirst("^.*/(\\d+/[^/]+)$", "$1") + " on " + w.host() + " (pid " + w.pid() + "): "
                + (w.currentRun() == null ? "idle" : "run " + w.currentRun()) + ", " + w.rolloutsDone() + " rollouts stored, up "
                + java.time.Duration.between(w.started(), now).toSeconds() + " s, beat " + java.time.Duration.between(w.heartbeat(), now).toSeconds()
                + " s ago";
    }

    /** One run as a flat row (the keys, in order, when {@code r} is null). */
    private static Map<String, Object> row(RunSummary r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r == null ? null : r.id());
        m.put("name", r == null ? null : r.spec().name());
        m.put("tags", r == null ? null : r.tags());
        m.put("scenario", r == null ? null : r.spec().scenario());
        m.put("pack_hash", r == null ? null : r.spec().packHash());
        m.put("models", r == null ? null : r.spec().models());
        m.put("conditions", r == null ? null : r.spec().conditions().size());
        m.put("samples", r == null ? null : r.spec().samples());
        m.put("seed", r == null ? null : r.spec().seed());
        m.put("planned", r == null ? null : r.planned());
        m.put("completed", r == null ? null : r.completed());
        m.put("turn_limit", r == null ? null : r.turnLimit());
        m.put("errors", r == null ? null : r.errors());
        m.put("pending", r == null ? null : r.pending());
        m.put("skipped", r == null ? null : r.skipped());
        m.put("retries", r == null ? null : r.retries());
        m.put("cost_usd", r == null ? null : r.costUsd());
        m.put("created_at", r == null ? null : r.createdAt().toString());
        return m;
    }

    /** A CSV cell: lists joined with ';', quoted where needed. */
    private static String cell(Object v) {
        String value = v == null ? "" : v instanceof List<?> list ? String.join(";", list.stream().map(String::valueOf).toList()) : String.valueOf(v);
        return csv(value);
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
