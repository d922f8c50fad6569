package io.mirage.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.run.FinishedRollout;
import io.mirage.run.RunSpec;
import io.mirage.run.RunSummary;
import io.mirage.run.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class MigrationsTest {
    /**
     * Written by the release before Flyway (schema 4, PRAGMA user_version only): run "fixture" (tag
     * fixture) of 4 scripted rollouts — 2 completed, 1 at the turn limit, 1 errored — judged by
     * scripted/judge, and an unnamed run of 1 completed rollout.
     */
    private static final String FIXTURE = "/fixtures/workspace-v4.db";
    private static final String FIXTURE_RUN = "blackmail-db2fb9e262";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @TempDir Path tmp;

    private Path copyOfFixture() throws IOException {
        Path db = tmp.resolve("workspace.db");
        try (InputStream in = MigrationsTest.class.getResourceAsStream(FIXTURE)) {
            Files.copy(in, db);
        }
        return db;
    }

    @Test
    void storeOfTheReleaseBeforeFlyway_isUpgradedInPlace_andReadsBackTheSameRunsOutcomesAndTranscripts() throws Exception {
        Path db = copyOfFixture();
        List<RolloutRecord> before = new ArrayList<>();
        int verdictsBefore;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(4, intOf(s, "PRAGMA user_version"), "the fixture is a schema-4 store");
            try (ResultSet rs = s.executeQuery("SELECT record_json FROM rollouts WHERE run_id = '" + FIXTURE_RUN + "' ORDER BY idx")) {
                while (rs.next()) before.add(JSON.readValue(rs.getString(1), RolloutRecord.class));
            }
            verdictsBefore = intOf(s, "SELECT COUNT(*) FROM verdicts WHERE run_id = '" + FIXTURE_RUN + "'");
        }
        assertEquals(4, before.size());

        try (SqliteRunStore store = SqliteRunStore.open(db)) {
            List<RunSummary> runs = store.runs();
            assertEquals(2, runs.size());
            RunSummary fixture = store.run(FIXTURE_RUN).orElseThrow();
            assertEquals("fixture", fixture.spec().name());
            assertEquals(List.of("fixture"), fixture.tags());
            assertEquals(List.of(2, 1, 1, 0), List.of(fixture.completed(), fixture.turnLimit(), fixture.errors(), fixture.pending()));
            assertEquals(verdictsBefore, store.outcomes(FIXTURE_RUN).size());
            assertEquals(4, store.awareness(FIXTURE_RUN).size());
            assertTrue(store.manifest(FIXTURE_RUN).orElseThrow().contains("\"pack\""), "the manifest is kept");
            for (int i = 0; i < before.size(); i++) {
                FinishedRollout back = store.rollout(FIXTURE_RUN, i).orElseThrow();
                assertEquals(before.get(i).systemPrompt(), back.rollout().systemPrompt());
                assertEquals(before.get(i).transcript(), back.rollout().transcript());
                assertEquals(before.get(i).events(), back.rollout().events());
                assertEquals(before.get(i).calls(), back.rollout().calls());
            }
            // The upgraded store takes new work: growing the run adds rollouts beside the old ones.
            RunSpec s = fixture.spec();
            RunSpec grown = store.plan(new RunSpec(s.scenario(), s.packHash(), s.conditions(), s.models(), 3, s.seed(), s.maxTurns(),
                    s.behaviours(), s.modelSettings(), s.toolProtocol(), s.name(), null));
            assertEquals(FIXTURE_RUN, grown.id());
            assertEquals(6, store.planned(FIXTURE_RUN).size());
            assertEquals(2, store.unfinished(FIXTURE_RUN, false).size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(Migrations.LATEST, intOf(s, "PRAGMA user_version"));
            assertEquals(List.of("4:BASELINE"), history(s).subList(0, 1), "baselined at the schema it had");
            assertEquals(Migrations.LATEST - 4 + 1, history(s).size());
        }
        try (SqliteRunStore again = SqliteRunStore.open(db)) {
            assertEquals(2, again.runs().size(), "an upgraded store opens as it is");
        }
    }

    @Test
    void newStore_getsEveryMigration_andTheUserVersionReleasesBeforeFlywayRead() throws Exception {
        Path db = tmp.resolve("new.db");
        SqliteRunStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(Migrations.LATEST, intOf(s, "PRAGMA user_version"));
            List<String> expected = new ArrayList<>();
            for (int v = 1; v <= Migrations.LATEST; v++) expected.add(v + ":SQL");
            assertEquals(expected, history(s).stream().map(h -> h.replace("JDBC", "SQL")).toList());
        }
    }

    @Test
    void storeOfAnOlderSchema_isBaselinedAtItsVersion_andUpgradedFromThere() throws Exception {
        Path db = tmp.resolve("v2.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String script : List.of("V1__Runs_rollouts_verdicts.sql", "V2__Cost_and_retries.sql")) {
                for (String sql : resource("/db/migration/sqlite/" + script).split(";")) {
                    if (!sql.strip().replaceAll("(?m)^--.*$", "").isBlank()) s.execute(sql);
                }
            }
            s.execute("INSERT INTO runs(id, created_at, scenario, pack_hash, spec_json, planned) VALUES ('r', 't', 's', 'h', '{}', 0)");
        }
        try (SqliteRunStore ignored = SqliteRunStore.open(db)) {
            // opened: the columns of schemas 3 and 4 now exist
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals("2:BASELINE", history(s).getFirst());
            assertTrue(history(s).contains("3:SQL") && history(s).contains("4:SQL"));
            assertEquals("", stringOf(s, "SELECT name FROM runs WHERE id = 'r'"), "schema 4's column, with its default");
            assertEquals(0, intOf(s, "SELECT COUNT(*) FROM awareness"), "schema 3's table");
        }
    }

    @Test
    void storeWithANewerUserVersion_isRefusedUntouched() throws Exception {
        Path db = tmp.resolve("newer.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE future (x)");
            s.execute("PRAGMA user_version = " + (Migrations.LATEST + 1));
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteRunStore.open(db));
        assertTrue(e.getMessage().contains("written by a newer Mirage (schema " + (Migrations.LATEST + 1)), e.getMessage());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(0, intOf(s, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('runs', '" + Migrations.HISTORY + "')"),
                    "nothing was created in it");
        }
    }

    @Test
    void storeWhoseHistoryHasAMigrationThisProgramLacks_isRefused() throws Exception {
        Path db = tmp.resolve("history.db");
        SqliteRunStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement p = c.prepareStatement("INSERT INTO " + Migrations.HISTORY + "(installed_rank, version, description, type,"
                     + " script, checksum, installed_by, execution_time, success) VALUES (99, ?, 'later', 'SQL', 'V.sql', 0, 'x', 0, 1)")) {
            p.setString(1, (Migrations.LATEST + 1) + ".1");
            p.executeUpdate();
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteRunStore.open(db));
        assertTrue(e.getMessage().contains("newer Mirage (migration " + (Migrations.LATEST + 1) + ".1"), e.getMessage());
    }

    @Test
    void latest_isTheHighestMigrationShipped() throws Exception {
        int highest = 0;
        for (int v = 1; v <= Migrations.LATEST + 1; v++) {
            try (var files = Files.list(Path.of(MigrationsTest.class.getResource("/db/migration/sqlite").toURI()))) {
                int version = v;
                if (files.anyMatch(f -> f.getFileName().toString().startsWith("V" + version + "__"))) highest = v;
            }
        }
        assertEquals(Migrations.LATEST, highest);
    }

    private static List<String> history(Statement s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT version, type FROM " + Migrations.HISTORY + " WHERE success = 1 ORDER BY installed_rank")) {
            while (rs.next()) out.add(rs.getString(1) + ":" + rs.getString(2));
        }
        return out;
    }

    private static int intOf(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.getInt(1);
        }
    }

    private static String stringOf(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.getString(1);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MigrationsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
