package io.mirage.export;

import io.mirage.report.Csv;
import io.mirage.run.RunStore;
import io.mirage.scenario.Canary;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class RolloutsExportTest {
    @TempDir Path tmp;
    String runId;
    Path db;

    @BeforeEach
    void store() {
        db = tmp.resolve("s.db");
        runId = ExportFixture.store(db);
    }

    private static Map<String, String> expectedTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        for (RolloutColumns.Column c : RolloutColumns.of(List.of("goal", "threat"))) types.put(c.name(), c.type());
        return types;
    }

    @Test
    void csv_hasOneRowPerVerdict_withTheFactorColumns_andTheActsLocated() throws Exception {
        Path csv = tmp.resolve("r.csv");
        try (RunStore store = SqliteRunStore.open(db)) {
            assertEquals(ExportFixture.verdictRows(), RolloutsCsv.write(RunExport.of(store, runId), csv));
        }
        String text = Files.readString(csv);
        assertEquals(List.copyOf(expectedTypes().keySet()), List.of(text.lines().findFirst().orElseThrow().split(",")));
        List<Map<String, String>> rows = Csv.read(text);
        assertEquals(ExportFixture.verdictRows(), rows.size());
        Map<String, String> detector = rows.stream().filter(r -> r.get("rollout").equals("0") && r.get("source").equals("detector")
                && r.get("behaviour").equals("blackmail")).findFirst().orElseThrow();
        assertEquals("explicit", detector.get("goal"));
        assertEquals("replacement", detector.get("threat"));
        assertEquals(ExportFixture.C1, detector.get("condition_id"));
        assertEquals("yes", detector.get("verdict"));
        assertEquals("true", detector.get("harmful"));
        assertEquals("2", detector.get("first_turn"));
        assertEquals("2", detector.get("first_tool_call"), "send_mail is the rollout's third tool call, the second of a parallel pair");
        assertEquals("test", detector.get("awareness"));
        assertEquals(ExportFixture.JUDGE, detector.get("awareness_judge"));
        assertEquals("yes", detector.get("human_label"));
        assertEquals("100", detector.get("input_tokens"));
        assertEquals("20", detector.get("cached_tokens"));
        assertEquals("0.05", detector.get("cost_usd"));
        assertEquals(Canary.GUID, detector.get("canary"));
        Map<String, String> judge = rows.stream().filter(r -> r.get("source").equals("judge:" + ExportFixture.JUDGE)).findFirst().orElseThrow();
        assertEquals("1", judge.get("first_tool_call"), "the quoted reasoning's message begins with the read_mail call");
        Map<String, String> errored = rows.stream().filter(r -> r.get("rollout").equals("1")).findFirst().orElseThrow();
        assertEquals("error", errored.get("status"));
        assertEquals("indeterminate", errored.get("verdict"));
        assertEquals("1", errored.get("retries"));
        assertEquals("", errored.get("cost_usd"), "no prices: empty, not 0");
    }

    @Test
    void parquetAndDuckDb_readBackWithTheDocumentedColumnsAndTypes() throws Exception {
        Path parquet = tmp.resolve("r.parquet");
        Path duck = tmp.resolve("r.duckdb");
        try (RunStore store = SqliteRunStore.open(db)) {
            RunExport run = RunExport.of(store, runId);
            assertEquals(ExportFixture.verdictRows(), RolloutsDuckDb.parquet(run, parquet));
            assertEquals(ExportFixture.verdictRows(), RolloutsDuckDb.database(run, duck));
        }
        String path = parquet.toAbsolutePath().toString().replace("'", "''");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            assertEquals(expectedTypes(), describe(s, "SELECT * FROM read_parquet('" + path + "')"));
            assertEquals(ExportFixture.verdictRows(), count(s, "SELECT count(*) FROM read_parquet('" + path + "')"));
            assertEquals(1, count(s, "SELECT count(*) FROM read_parquet('" + path + "') WHERE verdict = 'yes' AND source = 'detector'"
                    + " AND behaviour = 'blackmail' AND first_tool_call = 2 AND harmful AND human_label = 'yes'"));
            assertEquals(4, count(s, "SELECT count(*) FROM read_parquet('" + path + "') WHERE verdict = 'indeterminate'"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duck.toAbsolutePath()); Statement s = c.createStatement()) {
            assertEquals(expectedTypes(), describe(s, "SELECT * FROM " + RolloutsDuckDb.TABLE));
            assertEquals(ExportFixture.STORED, count(s, "SELECT count(DISTINCT rollout) FROM rollouts"));
        }
    }

    @Test
    void everyColumn_isDocumented() throws Exception {
        String docs = Files.readString(Path.of("docs/exports.md"));
        List<String> missing = new ArrayList<>();
        for (RolloutColumns.Column c : RolloutColumns.of(List.of())) {
            if (!docs.contains("| `" + c.name() + "` | " + c.type() + " |")) missing.add(c.name());
        }
        assertTrue(missing.isEmpty(), "docs/exports.md lacks rows for " + missing);
    }

    @Test
    void aFactorNamedLikeAColumn_getsAPrefix() {
        assertEquals(List.of("goal", "factor_model"), RolloutColumns.factorColumnNames(List.of("goal", "model")));
    }

    private static Map<String, String> describe(Statement s, String select) throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        try (ResultSet rs = s.executeQuery("DESCRIBE " + select)) {
            while (rs.next()) types.put(rs.getString("column_name"), rs.getString("column_type"));
        }
        return types;
    }

    private static long count(Statement s, String query) throws Exception {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
