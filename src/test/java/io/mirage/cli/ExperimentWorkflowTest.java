package io.mirage.cli;

import io.mirage.TestPacks;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.LocalServers;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelSettings;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.scenario.ScenarioPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's researcher's day, end to end through real processes and the providers' SDKs against
 * local protocol servers: an experiment file with two packs, two agent models and a judge runs, is
 * interrupted, resumes with `mirage resume NAME` alone, grows from 10 to 15 samples running only the
 * new rollouts, and has its judge forgotten and redone.
 */
final class ExperimentWorkflowTest {
    private static final Map<String, String> KEYS = Map.of("OPENAI_API_KEY", "test-key-openai", "ANTHROPIC_API_KEY", "test-key-anthropic");
    private static final String JUDGE = "anthropic/judge-model";

    @TempDir Path tmp;
    private final ScenarioPack blackmail = TestPacks.blackmail();

    private LocalServer server(String provider, String backing, Duration latency) {
        var model = new ScriptedProvider().create(ModelName.parse(backing),
                new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(blackmail.doubles())));
        return LocalServer.start(LocalServers.protocol(provider), model, FaultPlan.none(), latency);
    }

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.mirage.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("log-" + System.nanoTime() + ".txt").toFile());
        builder.environment().putAll(KEYS);
        builder.environment().remove(ModelOptions.MODELS_ENV);
        return builder.start();
    }

    private int mirage(String... args) throws Exception {
        Process p = start(args);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finished in time: " + String.join(" ", args));
        return p.exitValue();
    }

    private String db() {
        return tmp.resolve("w.db").toString();
    }

    private long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Completed rollouts while the run is writing: 0 until the store and its tables exist. */
    private long completedSoFar() {
        if (!Files.exists(tmp.resolve("w.db"))) return 0;
        try {
            return query("SELECT COUNT(*) FROM rollouts WHERE status = 'completed'");
        } catch (Exception notYet) {
            return 0;
        }
    }

    /** started_at of every finished rollout, to show later steps never ran one again. */
    private Map<String, String> startTimes() throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             ResultSet rs = c.createStatement().executeQuery("SELECT run_id, idx, started_at FROM rollouts WHERE status <> 'pending'")) {
            while (rs.next()) out.put(rs.getString(1) + "#" + rs.getInt(2), rs.getString(3));
        }
        return out;
    }

    @Test
    void experimentFile_runsIsInterrupted_resumesByName_growsByOnlyTheNewRollouts_andRedoesItsJudge() throws Exception {
        try (LocalServer openai = server("openai", "scripted/self-preserving?p=0.5", Duration.ofMillis(40));
             LocalServer anthropic = server("anthropic", "scripted/compliant", Duration.ofMillis(40));
             LocalServer judge = server("anthropic", "scripted/judge", Duration.ZERO)) {
            Path experiment = tmp.resolve("experiment.yaml");
            Files.writeString(experiment, """
                    name: day-one
                    tags: [e2e]
                    packs:
                      - pack: blackmail
                        conditions: {goal: explicit, threat: replacement, prohibitions: [off, on]}
                      - pack: lockout
                        conditions:
                          - goal=explicit,trigger=shutdown,instructions=none,boldly=off
                          - goal=none,trigger=none,instructions=none,boldly=off
                    models:
                      agent:
                        - name: openai/agent-model
                          base_url: %s
                        - name: anthropic/agent-model
                          base_url: %s
                          temperature: 1.0
                      judge:
                        name: %s
                        base_url: %s
                    samples: 10
                    seed: 7
                    concurrency: 2
                    """.formatted(LocalServers.clientBaseUrl("openai", openai), LocalServers.clientBaseUrl("anthropic", anthropic),
                    JUDGE, LocalServers.clientBaseUrl("anthropic", judge)));

            // 1. Run, and interrupt it (SIGTERM, as Ctrl-C) once a few rollouts are stored.
            Process run = start("run", experiment.toString(), "--db", db(), "--no-html");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && run.isAlive()
                    && completedSoFar() < 6) {
                Thread.sleep(50);
            }
            assertTrue(run.isAlive(), "still running when interrupted");
            run.destroy();
            assertTrue(run.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, query("SELECT COUNT(*) FROM runs WHERE name = 'day-one'"), "both runs were planned before the first rollout");
            long doneBefore = query("SELECT COUNT(*) FROM rollouts WHERE status <> 'pending'");
            assertTrue(doneBefore >= 6 && doneBefore < 80, "interrupted part way: " + doneBefore);
            Map<String, String> interrupted = startTimes();

            // 2. Resume by name alone: base URLs, settings and the judge come from what the runs stored.
            assertEquals(0, mirage("resume", "day-one", "--db", db(), "--no-html"));
            assertEquals(80, query("SELECT COUNT(*) FROM rollouts WHERE status = 'completed'"));
            assertEquals(0, query("SELECT COUNT(*) FROM rollouts WHERE attempts <> 1"), "no rollout ran twice");
            Map<String, String> resumed = startTimes();
            interrupted.forEach((k, v) -> assertEquals(v, resumed.get(k), "rollout " + k + " kept as stored"));
            long judged = query("SELECT COUNT(*) FROM verdicts WHERE source = 'judge:" + JUDGE + "'");
            assertTrue(judged >= 80, "the stored judge judged every rollout on resume: " + judged);

            // 3. Grow from 10 to 15 samples: only the 5 new samples per cell run (and are judged).
            assertEquals(0, mirage("run", experiment.toString(), "--samples", "15", "--db", db(), "--no-html"));
            assertEquals(120, query("SELECT COUNT(*) FROM rollouts WHERE status = 'completed'"));
            assertEquals(0, query("SELECT COUNT(*) FROM rollouts WHERE attempts <> 1"), "growing ran only the new rollouts");
            Map<String, String> grown = startTimes();
            resumed.forEach((k, v) -> assertEquals(v, grown.get(k), "rollout " + k + " kept as stored"));
            assertEquals(0, query("SELECT COUNT(*) FROM (SELECT run_id, condition_id, model, COUNT(*) n FROM rollouts GROUP BY 1, 2, 3) WHERE n <> 15"),
                    "every cell has 15 samples");
            long judgedGrown = query("SELECT COUNT(*) FROM verdicts WHERE source = 'judge:" + JUDGE + "'");
            assertEquals(judged * 120 / 80, judgedGrown, "the new rollouts were judged, the old ones not again");

            // 4. Forget the judge on one run, and judge it again.
            String runId;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                 ResultSet rs = c.createStatement().executeQuery("SELECT id FROM runs WHERE scenario = 'blackmail'")) {
                assertTrue(rs.next());
                runId = rs.getString(1);
            }
            String perRun = "SELECT COUNT(*) FROM verdicts WHERE run_id = '" + runId + "' AND source = 'judge:" + JUDGE + "'";
            long before = query(perRun);
            assertTrue(before > 0);
            assertEquals(0, mirage("judge", runId, "--forget", JUDGE, "--db", db()));
            assertEquals(0, query(perRun), "the judge's verdicts are gone");
            assertEquals(judgedGrown - before, query("SELECT COUNT(*) FROM verdicts WHERE source = 'judge:" + JUDGE + "'"), "the other run keeps its own");
            assertEquals(0, mirage("judge", runId, "--judge-model", JUDGE, "--base-url", LocalServers.clientBaseUrl("anthropic", judge),
                    "--db", db(), "--no-html"));
            assertEquals(before, query(perRun), "judged again");
        }
    }
}
