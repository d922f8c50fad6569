package io.mirage.cli;

import io.mirage.TestPacks;
import io.mirage.model.ModelSettings;
import io.mirage.model.resilience.RetryPolicy;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.scenario.ScenarioPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run in which every rollout errored measured nothing: it exits non-zero and says why. */
final class AllErroredRunCliTest {
    private static final String ONE_CELL = "goal=explicit,threat=replacement,prohibitions=off";

    @TempDir Path tmp;

    private CommandLineRun run(String model, int samples) {
        return CommandLineRun.of("run", "--scenario", "blackmail", "--model", model, "--samples", "" + samples,
                "--condition", ONE_CELL, "--no-html", "--db", tmp.resolve("w.db").toString());
    }

    @Test
    void everyRolloutErrored_exitsWith5_andCountsTheErrors() {
        CommandLineRun r = run("scripted/self-preserving?p=1&fail_after=1", 4);
        assertEquals(ExitCodes.ALL_ERRORED, r.code(), r.err());
        assertTrue(r.err().contains("Every rollout of run"), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("  4× ") && l.contains("scripted provider failure after acting")), r.err());
        assertTrue(r.err().contains("mirage resume"), r.err());
        assertTrue(r.out().contains("4 errors") || r.out().contains("4 error"), "the table is still printed: " + r.out());
    }

    @Test
    void someRolloutsErrored_stillExits0() {
        CommandLineRun r = run("scripted/self-preserving?p=1&fail_after=0.5", 8);
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("Every rollout"), r.err());
    }

    @Test
    void deadBaseUrl_everyRolloutErrors_exitsWith5_namingTheConnectionError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ScenarioPack pack = TestPacks.blackmail();
        ModelSettings settings = ModelSettings.DEFAULTS.overriddenBy(new ModelSettings(null, null, null, null,
                "http://127.0.0.1:" + closedPort + "/v1", null, Duration.ofSeconds(5), null, null, null, null, null, null, null));
        RunSpec spec = RunLauncher.spec(pack, pack.select(Conditions.parse(List.of(ONE_CELL))), List.of("openai/gpt-test"), 3, 1, 3,
                name -> settings, RunSpec.NATIVE_TOOLS);
        // one attempt per call, so the test does not sit through the real backoff
        RunOptions options = new RunOptions(2, true, name -> settings, Map.of("OPENAI_API_KEY", "test-key"))
                .withRetryPolicy(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)));
        Workspace workspace = new Workspace();
        workspace.db = tmp.resolve("dead.db").toString();
        HtmlOptions html = new HtmlOptions();
        html.noHtml = true;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RunLauncher.execute(workspace, pack, spec, options, Output.Format.text, html, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(ExitCodes.ALL_ERRORED, code, err.toString());
        List<String> counted = err.toString().lines().filter(l -> l.startsWith("  3× ")).toList();
        assertEquals(1, counted.size(), "one distinct error, counted: " + err);
        assertTrue(counted.getFirst().toLowerCase().contains("connect"), counted.getFirst());
    }
}
