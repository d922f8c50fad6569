package io.mirage.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a real run in a separate JVM part-way (SIGKILL: no shutdown hooks, nothing flushed) and
 * shows that resuming completes every planned rollout exactly once, with the same results as a run
 * that was never interrupted.
 */
final class ResumeAfterKillTest {
    private static final String MODEL = "scripted/self-preserving?p=0.3&latency_ms=2";
    private static final int TOTAL = 18 * 60;

    @TempDir Path tmp;

    private static Process mirage(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.mirage.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String[] runArgs(Path db) {
        return new String[]{"run", "--scenario", "blackmail", "--model", MODEL, "--samples", "60", "--seed", "11",
                "--concurrency", "4", "--db", db.toString(), "--format", "csv"};
    }

    private static long query(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // not created yet, or busy: ask again
        }
    }

    @Test
    void killedRun_resumes_toEveryRolloutCompletedExactlyOnce() throws Exception {
        Path db = tmp.resolve("kill.db");
        Process first = mirage(tmp.resolve("first.log"), runArgs(db));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (query(db, "SELECT count(*) FROM rollouts WHERE status <> 'pending'") < 150) {
            assertTrue(first.isAlive(), "the run ended before it could be killed: " + Files.readString(tmp.resolve("first.log")));
            assertTrue(System.nanoTime() < deadline, "the run made no progress");
            Thread.sleep(20);
        }
        first.destroyForcibly();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        long doneAtKill = query(db, "SELECT count(*) FROM rollouts WHERE status <> 'pending'");
        assertTrue(doneAtKill >= 150 && doneAtKill < TOTAL, "killed part-way: " + doneAtKill + " of " + TOTAL);
        assertEquals(TOTAL, query(db, "SELECT count(*) FROM rollouts"), "the whole plan was stored before any rollout ran");
        // every behaviour, each decided by the detector and as attempted
        assertEquals(2L * io.mirage.TestPacks.blackmail().behaviours().size() * doneAtKill, query(db, "SELECT count(*) FROM verdicts"), "every stored rollout has all its verdicts");

        String runId = Files.readString(tmp.resolve("first.log")).lines().filter(l -> l.startsWith("Starting run "))
                .findFirst().orElseThrow().split(" ")[2].replace(":", "");
        Process resume = mirage(tmp.resolve("resume.log"), "resume", runId, "--db", db.toString(), "--format", "csv");
        assertTrue(resume.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, resume.exitValue(), Files.readString(tmp.resolve("resume.log")));

        assertEquals(TOTAL, query(db, "SELECT count(*) FROM rollouts WHERE status = 'completed'"));
        assertEquals(TOTAL, query(db, "SELECT count(*) FROM rollouts WHERE attempts = 1"), "no rollout was stored twice");
        assertEquals(2L * io.mirage.TestPacks.blackmail().behaviours().size() * TOTAL, query(db, "SELECT count(*) FROM verdicts"));

        // The same command, never interrupted, gives the same table.
        Path clean = tmp.resolve("clean.db");
        Process uninterrupted = mirage(tmp.resolve("clean.log"), runArgs(clean));
        assertTrue(uninterrupted.waitFor(120, TimeUnit.SECONDS));
        assertEquals(csvTable(tmp.resolve("clean.log")), csvTable(tmp.resolve("resume.log")));
    }

    private static List<String> csvTable(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("blackmail-") || l.startsWith("run,")).toList();
    }
}
