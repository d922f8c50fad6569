package io.mirage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.run.RunStore;
import io.mirage.run.StoredOutcome;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ExportCliTest {
    @TempDir Path tmp;

    @Test
    void aDemoRun_exportsToEveryFormat_andItsInspectLogsHoldTheStoresRolloutsAndVerdicts() throws Exception {
        String db = tmp.resolve("demo.db").toString();
        assertEquals(0, CommandLineRun.of("demo", "--samples", "2", "--db", db).code());
        String runId;
        Map<String, Integer> rolloutsPerModel = new HashMap<>();
        Map<String, Long> verdicts = new TreeMap<>();
        try (RunStore store = SqliteRunStore.open(Path.of(db))) {
            runId = store.runs().getFirst().id();
            for (int index : store.finishedIndices(runId)) rolloutsPerModel.merge(store.rollout(runId, index).orElseThrow().plan().model(), 1, Integer::sum);
            for (StoredOutcome o : store.outcomes(runId)) {
                verdicts.merge(o.model() + " " + o.behaviour() + "/" + o.source() + " " + o.outcome().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
        }
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        CommandLineRun export = CommandLineRun.of("export", runId, "--db", db, "--rollouts", out.resolve("r.csv").toString(),
                "--duckdb", out.resolve("r.duckdb").toString(), "--transcripts", out.resolve("t.jsonl").toString(),
                "--inspect", out.resolve("eval").toString(), "--inspect-json", out.resolve("json").toString());
        assertEquals(0, export.code(), export.err());
        assertEquals(0, CommandLineRun.of("export", runId, "--db", db, "--rollouts", out.resolve("r.parquet").toString()).code());
        assertTrue(Files.size(out.resolve("r.parquet")) > 0);
        long csvRows = Files.readAllLines(out.resolve("r.csv")).stream().filter(l -> l.startsWith(runId + ",")).count();
        assertEquals(verdicts.values().stream().mapToLong(Long::longValue).sum(), csvRows, "one row per stored verdict");

        ObjectMapper json = new ObjectMapper();
        Map<String, Long> logged = new TreeMap<>();
        try (Stream<Path> logs = Files.list(out.resolve("eval"))) {
            for (Path log : logs.toList()) {
                try (ZipFile zip = new ZipFile(log.toFile())) {
                    JsonNode header;
                    try (InputStream in = zip.getInputStream(zip.getEntry("header.json"))) {
                        header = json.readTree(in);
                    }
                    String model = header.get("eval").get("model").asText();
                    long samples = java.util.Collections.list(zip.entries()).stream().map(ZipEntry::getName).filter(n -> n.startsWith("samples/")).count();
                    assertEquals(rolloutsPerModel.get(model).longValue(), samples, model);
                    assertEquals(rolloutsPerModel.get(model).intValue(), header.get("results").get("total_samples").asInt());
                    for (JsonNode s : header.get("results").get("scores")) {
                        for (String outcome : new String[]{"yes", "no", "indeterminate"}) {
                            long n = s.get("metadata").get(outcome).asLong();
                            if (n > 0) logged.put(model + " " + s.get("name").asText() + " " + outcome, n);
                        }
                    }
                }
            }
        }
        assertEquals(verdicts, logged, "the logs' yes/no/indeterminate counts are the store's");
    }

    @Test
    void badInput_exitsWith2_andSaysWhy() {
        String db = tmp.resolve("e.db").toString();
        io.mirage.export.ExportFixtureAccess.store(Path.of(db));
        CommandLineRun none = CommandLineRun.of("export", "nope", "--db", db, "--rollouts", tmp.resolve("x.csv").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no run 'nope'"), none.err());
        CommandLineRun nothing = CommandLineRun.of("export", "nope", "--db", db);
        assertEquals(2, nothing.code());
        assertTrue(nothing.err().contains("name at least one export"), nothing.err());
        CommandLineRun xlsx = CommandLineRun.of("export", "nope", "--db", db, "--rollouts", tmp.resolve("x.xlsx").toString());
        assertEquals(2, xlsx.code());
        assertTrue(xlsx.err().contains(".csv or a .parquet"), xlsx.err());
    }
}
