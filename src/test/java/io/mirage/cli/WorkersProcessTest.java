package io.mirage.cli;

import io.mirage.TestPostgres;
import io.mirage.store.PostgresLocation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: `mirage run --detach` plans a run into PostgreSQL and `mirage worker` processes run it.
 * Real processes, one killed with SIGKILL half-way: every rollout is stored exactly once, and the
 * workers' result table is the one `mirage run` gives on SQLite.
 */
final class WorkersProcessTest {
    @RegisterExtension static final TestPostgres POSTGRES = new TestPostgres();
    private static final String AGENT = "scripted/self-preserving?p=0.3&latency_ms=50";

    @TempDir Path tmp;
    private String db;
    private PostgresLocation location;

    @BeforeEach
    void freshDatabase() {
        db = POSTGRES.freshDatabase();
        location = PostgresLocation.parse(db, Map.of());
    }

    private Process mirage(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.mirage.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile()).start();
    }

    private Process worker(String name) throws Exception {
        return mirage(name, "worker", "--db", db, "--once", "--concurrency", "4");
    }

    private void finished(Process p, String name) throws Exception {
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), name + " finished in time");
        assertEquals(0, p.exitValue(), name + ": " + Files.readString(tmp.resolve(name + ".err")));
    }

    private long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private List<Integer> indices(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Integer> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getInt(1));
            return out;
        }
    }

    @Test
    void issue12_threeWorkers_oneKilledHalfWay_andAFourth_storeEveryRolloutExactlyOnce() throws Exception {
        CommandLineRun detach = CommandLineRun.of("run", "--scenario", "blackmail", "--model", AGENT, "--samples", "11", "--seed", "5",
                "--detach", "--db", db);
        assertEquals(0, detach.code(), detach.err());
        assertTrue(detach.out().contains("198 of 198 rollouts to run") && detach.out().contains("mirage worker --db"), detach.out());
        assertEquals(198, query("SELECT count(*) FROM rollouts WHERE status = 'pending'"), "planned, nothing run");

        List<Process> workers = new ArrayList<>(List.of(worker("w1"), worker("w2"), worker("w3")));
        Process killed = workers.getFirst();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (query("SELECT count(*) FROM rollouts WHERE status <> 'pending'") < 60) {
            assertTrue(killed.isAlive() && System.nanoTime() < deadline, "the workers made progress");
            Thread.sleep(10);
        }
        CommandLineRun runs = CommandLineRun.of("runs", "--db", db);
        assertTrue(runs.out().contains("Workers (3 live)") && runs.out().contains("(pid " + killed.pid() + "): run blackmail-"), runs.out());
        // Freeze it (its PID stays alive, so no other worker takes its claims yet) to read exactly what it holds, then
        // SIGKILL: its claims stay behind, held by a dead process. Frozen between two claims it holds nothing: let it
        // go on a moment and freeze it again.
        List<Integer> orphaned = List.of();
        while (orphaned.isEmpty()) {
            assertTrue(killed.isAlive() && System.nanoTime() < deadline, "the worker to kill held rollouts at some point");
            assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(killed.pid())).start().waitFor());
            orphaned = indices("SELECT idx FROM rollouts WHERE status = 'pending' AND lease_until IS NOT NULL AND claimed_by LIKE '%/"
                    + killed.pid() + "/%'");
            if (orphaned.isEmpty()) {
                assertEquals(0, new ProcessBuilder("kill", "-CONT", Long.toString(killed.pid())).start().waitFor());
                Thread.sleep(5);
            }
        }
        killed.destroyForcibly();
        assertTrue(killed.waitFor(10, TimeUnit.SECONDS));
        assertFalse(orphaned.isEmpty(), "the killed worker held rollouts in flight");
        workers.add(worker("w4"));

        for (int i = 1; i < workers.size(); i++) finished(workers.get(i), "w" + (i + 1));
        assertEquals(198, query("SELECT count(*) FROM rollouts WHERE status = 'completed'"), "nothing lost");
        assertEquals(0, query("SELECT count(*) FROM rollouts WHERE attempts <> 1"), "every rollout was stored once");
        assertEquals(0, query("SELECT count(*) FROM rollouts WHERE lease_until IS NOT NULL"), "no claim is left behind");
        String orphans = orphaned.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
        assertEquals(0, query("SELECT count(*) FROM rollouts WHERE idx IN (" + orphans + ") AND claimed_by LIKE '%/" + killed.pid() + "/%'"),
                "what the killed worker was running was run again by another");
        assertEquals(198, query("SELECT count(DISTINCT idx) FROM verdicts"), "every stored rollout has its verdicts");
        assertEquals(1, query("SELECT count(*) FROM workers"), "the workers that ended left; the killed one only stopped beating");
        assertEquals(killed.pid(), query("SELECT pid FROM workers"));
        for (int i = 2; i <= 4; i++) {
            String err = Files.readString(tmp.resolve("w" + i + ".err"));
            assertTrue(err.contains("No work left"), err);
        }
    }

    @Test
    void issue12_aDemoLikeRunByThreeWorkersOnPostgres_givesTheTableMirageRunGivesOnSqlite() throws Exception {
        List<String> run = new ArrayList<>(List.of("run", "--scenario", "blackmail", "--samples", "3", "--seed", "2026",
                "--judge-model", DemoCommand.JUDGE, "--no-html", "--format", "csv"));
        for (String model : DemoCommand.MODELS) run.addAll(List.of("--model", model));
        Path sqlite = tmp.resolve("local.db");
        List<String> local = new ArrayList<>(run);
        local.addAll(List.of("--db", sqlite.toString()));
        CommandLineRun alone = CommandLineRun.of(local.toArray(String[]::new));
        assertEquals(0, alone.code(), alone.err());

        List<String> detached = new ArrayList<>(run);
        detached.addAll(List.of("--db", db, "--detach"));
        CommandLineRun planned = CommandLineRun.of(detached.toArray(String[]::new));
        assertEquals(0, planned.code(), planned.err());
        List<Process> workers = List.of(worker("a"), worker("b"), worker("c"));
        for (int i = 0; i < workers.size(); i++) finished(workers.get(i), "abc".substring(i, i + 1));

        String id = planned.out().replaceFirst("(?s)^Planned run (\\S+):.*", "$1");
        for (String source : List.of("detector", "judge:" + DemoCommand.JUDGE)) {
            CommandLineRun onSqlite = CommandLineRun.of("report", id, "--db", sqlite.toString(), "--format", "csv", "--source", source);
            CommandLineRun onPostgres = CommandLineRun.of("report", id, "--db", db, "--format", "csv", "--source", source);
            assertEquals(0, onSqlite.code(), onSqlite.err());
            assertEquals(0, onPostgres.code(), onPostgres.err());
            assertTrue(onSqlite.out().lines().count() > 3, onSqlite.out());
            assertEquals(onSqlite.out(), onPostgres.out(), "the same table from " + source);
        }
        assertEquals(3 * 18 * 3, query("SELECT count(*) FROM rollouts WHERE status <> 'pending'"));
    }
}
