package io.mirage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issues 12 and 15: real mirage processes share one SQLite workspace. Two processes on one run
 * (after a third was killed) and two judge passes on it split the work instead of each doing all
 * of it; four processes running and judging different runs while a fifth serves the store lose
 * nothing and duplicate nothing.
 */
final class SharedStoreProcessTest {
    private static final String AGENT = "scripted/self-preserving?p=0.3&latency_ms=15";
    private static final String JUDGE = "scripted/judge?latency_ms=5";
    /** Blackmail's behaviours with a rubric: each gets a judge verdict per rollout. */
    private static final long BEHAVIOURS = io.mirage.TestPacks.blackmail().behaviours().stream().filter(b -> b.rubric() != null).count();
    /**
     * The questions asked per rollout of a static run: follow-throughs after a stakeholder's reply are not asked where no
     * reply came (they are "no", stored without a question), so two fewer than BEHAVIOURS for blackmail.
     */
    private static final long ASKED = io.mirage.TestPacks.blackmail().behaviours().stream()
            .filter(b -> b.rubric() != null && !io.mirage.TestPacks.blackmail().needsAnAnswer(b)).count();
    private static final Pattern JUDGED = Pattern.compile("Judged (\\d+) rollouts .*?: (\\d+) yes, (\\d+) no, (\\d+) indeterminate");

    @TempDir Path tmp;

    private Process mirage(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.mirage.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile()).start();
    }

    private String[] run(Path db, int samples, int seed) {
        return new String[]{"run", "--scenario", "blackmail", "--model", AGENT, "--samples", String.valueOf(samples), "--seed",
                String.valueOf(seed), "--concurrency", "4", "--no-html", "--format", "csv", "--db", db.toString()};
    }

    private void finished(Process p, String name) throws Exception {
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), name + " finished in time");
        assertEquals(0, p.exitValue(), name + ": " + Files.readString(tmp.resolve(name + ".err")));
    }

    private static long query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static long queryOrMinus1(Path db, String sql) {
        try {
            return query(db, sql);
        } catch (Exception e) {
            return -1; // not created yet
        }
    }

    private static String runId(Path db, int seed) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM runs WHERE spec_json LIKE '%\"seed\":" + seed + ",%'")) {
            assertTrue(rs.next(), "run with seed " + seed);
            return rs.getString(1);
        }
    }

    /** Judge verdicts asked by the passes whose logs are named, as they reported them: rollouts and behaviour questions. */
    private long[] judged(String... names) throws Exception {
        long rollouts = 0;
        long questions = 0;
        for (String name : names) {
            Matcher m = JUDGED.matcher(Files.readString(tmp.resolve(name + ".err")));
            assertTrue(m.find(), name + " reported what it judged");
            rollouts += Long.parseLong(m.group(1));
            questions += Long.parseLong(m.group(2)) + Long.parseLong(m.group(3)) + Long.parseLong(m.group(4));
        }
        return new long[]{rollouts, questions};
    }

    @Test
    void issue15_twoRunsOfOneRun_afterAKill_andTwoJudgePasses_neverDoTheSameWorkTwice() throws Exception {
        Path db = tmp.resolve("two.db");
        int total = 18 * 10;
        Process killed = mirage("killed", run(db, 10, 3));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (queryOrMinus1(db, "SELECT count(*) FROM rollouts WHERE status <> 'pending'") < 20) {
            assertTrue(killed.isAlive() && System.nanoTime() < deadline, "the first run made progress");
            Thread.sleep(20);
        }
        killed.destroyForcibly(); // SIGKILL: its claims stay behind, held by a dead process
        assertTrue(killed.waitFor(10, TimeUnit.SECONDS));

        Process a = mirage("a", run(db, 10, 3));
        Process b = mirage("b", run(db, 10, 3));
        finished(a, "a");
        finished(b, "b");
        assertEquals(total, query(db, "SELECT count(*) FROM rollouts WHERE status = 'completed'"));
        assertEquals(0, query(db, "SELECT count(*) FROM rollouts WHERE attempts <> 1"), "every rollout ran and was stored once");
        assertEquals(0, query(db, "SELECT count(*) FROM rollouts WHERE lease_until IS NOT NULL"), "no claim is left behind");

        String runId = runId(db, 3);
        Process j1 = mirage("j1", "judge", runId, "--judge-model", JUDGE, "--concurrency", "4", "--db", db.toString());
        Process j2 = mirage("j2", "judge", runId, "--judge-model", JUDGE, "--concurrency", "4", "--db", db.toString());
        finished(j1, "j1");
        finished(j2, "j2");
        long[] judged = judged("j1", "j2");
        assertEquals(total, judged[0], "every rollout was judged by one pass only");
        assertEquals(ASKED * total, judged[1], "every behaviour question was asked once");
        assertEquals(BEHAVIOURS * total, query(db, "SELECT count(*) FROM verdicts WHERE source = 'judge:" + JUDGE + "'"));
        assertEquals(total, query(db, "SELECT count(*) FROM awareness"));
        assertEquals(0, query(db, "SELECT count(*) FROM judge_claims"));
    }

    @Test
    void issue12_fourProcessesRunAndJudgeOnOneStore_whileAFifthServesIt_loseAndDuplicateNothing() throws Exception {
        Path db = tmp.resolve("shared.db");
        int perRun = 18 * 4;
        // Two stored runs for two judges to judge while two more runs are run.
        assertEquals(0, CommandLineRun.of(run(db, 4, 21)).code());
        assertEquals(0, CommandLineRun.of(run(db, 4, 22)).code());
        String judgedA = runId(db, 21);
        String judgedB = runId(db, 22);

        long start = System.nanoTime();
        Process server = mirage("serve", "serve", "--port", "0", "--db", db.toString());
        try {
            List<Process> workers = List.of(
                    mirage("run1", run(db, 4, 23)),
                    mirage("run2", run(db, 4, 24)),
                    mirage("judge1", "judge", judgedA, "--judge-model", JUDGE, "--concurrency", "4", "--db", db.toString()),
                    mirage("judge2", "judge", judgedB, "--judge-model", JUDGE, "--concurrency", "4", "--db", db.toString()));
            String url = serverUrl();
            HttpClient http = HttpClient.newHttpClient();
            int pages = 0;
            while (workers.stream().anyMatch(Process::isAlive) && pages < 40) {
                for (String path : List.of("/", "/runs/" + judgedA)) {
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, page.statusCode(), path + ": " + page.body());
                    pages++;
                }
                Thread.sleep(100);
            }
            assertTrue(pages >= 2, "pages were served while the others wrote");
            String[] names = {"run1", "run2", "judge1", "judge2"};
            for (int i = 0; i < workers.size(); i++) finished(workers.get(i), names[i]);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        for (int seed : new int[]{23, 24}) {
            String id = runId(db, seed);
            assertEquals(perRun, query(db, "SELECT count(*) FROM rollouts WHERE run_id = '" + id + "' AND attempts = 1 AND status = 'completed'"));
        }
        assertEquals(4L * perRun, query(db, "SELECT count(*) FROM rollouts WHERE attempts = 1"), "nothing lost, nothing run twice");
        long[] judged = judged("judge1", "judge2");
        assertEquals(2L * perRun, judged[0]);
        assertEquals(BEHAVIOURS * 2L * perRun, query(db, "SELECT count(*) FROM verdicts WHERE source = 'judge:" + JUDGE + "'"));
        assertEquals(judged[1], ASKED * 2L * perRun, "each question asked once");
        assertEquals(2L * perRun, query(db, "SELECT count(*) FROM awareness"));
        System.out.printf("issue 12: 4 writers (%d rollouts run, %d judged) and a server, %.1f s%n", 2 * perRun, 2 * perRun,
                (System.nanoTime() - start) / 1e9);
    }

    private String serverUrl() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Pattern serving = Pattern.compile("Serving .* at (http://\\S+?)/?\\s");
        while (System.nanoTime() < deadline) {
            Path out = tmp.resolve("serve.out");
            Matcher m = serving.matcher(Files.exists(out) ? Files.readString(out) : "");
            if (m.find()) return m.group(1);
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not start: " + Files.readString(tmp.resolve("serve.err")));
    }
}
