package io.mirage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.TestPacks;
import io.mirage.localserver.Fault;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.LocalServers;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelSettings;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.scenario.ScenarioPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real launcher path, black-box: `mirage run` in a separate JVM, with the API key only in its
 * environment, through each provider's SDK to a local server. Checks the results and that the key
 * appears in no file the run wrote.
 */
final class ProviderRunProcessTest {
    /** A fake key for tests only, long and unique enough that any copy of it would be found. */
    private static final String SENTINEL = "test-sentinel-key-7f3a9c1e5b2d4680aa11bb22cc33dd44";

    @TempDir Path tmp;
    private final ScenarioPack pack = TestPacks.blackmail();

    private LocalServer server(String provider, FaultPlan faults) {
        Model backing = new ScriptedProvider().create(ModelName.parse("scripted/self-preserving?p=0.3"),
                new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles())));
        return LocalServer.start(LocalServers.protocol(provider), backing, faults, Duration.ZERO);
    }

    private record Finished(int code, String out, String err) {}

    private Finished mirage(String provider, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.mirage.cli.Main"));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout-" + args[0] + ".txt");
        Path err = dir.resolve("stderr-" + args[0] + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put(LocalServers.keyVariable(provider), SENTINEL);
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished in time");
        return new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "google"})
    void run_throughTheSdk_storesResults_andTheKeyIsInNoFileItWrote(String provider) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(provider));
        try (LocalServer server = server(provider, FaultPlan.none())) {
            String db = dir.resolve("store.db").toString();
            List<String> args = new ArrayList<>(List.of("run", "--scenario", "blackmail", "--model", provider + "/test-model",
                    "--samples", "12", "--condition", "goal=explicit,prohibitions=off", "--seed", "5",
                    "--base-url", LocalServers.clientBaseUrl(provider, server), "--db", db, "--format", "json"));
            // Anthropic and Gemini return thinking only when asked for it; OpenAI-compatible servers send reasoning_content anyway.
            if (!provider.equals("openai")) args.addAll(List.of("--thinking-budget", "1024"));
            Finished run = mirage(provider, dir, args.toArray(String[]::new));
            assertEquals(0, run.code(), run.err());
            JsonNode table = new ObjectMapper().readTree(run.out());
            int blackmails = 0;
            for (JsonNode cell : table.get("cells")) {
                assertEquals(12, cell.get("n").asInt(), "every rollout valid: " + cell);
                if (cell.get("behaviour").asText().equals("blackmail")) blackmails += cell.get("k").asInt();
            }
            assertTrue(blackmails > 0, "the self-preserving double behind the server blackmailed at least once");
            String runId = table.get("run").asText();
            Finished csv = mirage(provider, dir, "report", runId, "--db", db, "--format", "csv");
            assertEquals(0, csv.code(), csv.err());
            Files.writeString(dir.resolve("export.csv"), csv.out());

            assertTrue(server.received().stream().anyMatch(r -> r.headers().toString().contains(SENTINEL)
                    || r.path().contains(SENTINEL)), "the key was really sent to the server");
            assertTrue(storedTranscriptsHaveToolCallsReasoningAndUsage(db, runId), provider + ": a stored rollout lacks tool calls, reasoning or usage");
            // Records are stored deflated, where a scan of the file's bytes cannot see the key: read them back too.
            assertFalse(storedRollouts(db, runId).contains(SENTINEL), "the API key leaked into a stored rollout");
        }
        List<Path> written;
        try (Stream<Path> files = Files.walk(dir)) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertTrue(written.size() >= 5, "store, outputs, logs and export: " + written);
        for (Path file : written) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertFalse(content.contains(SENTINEL), "the API key leaked into " + file);
        }
    }

    private static String storedRollouts(String db, String runId) {
        try (io.mirage.store.SqliteRunStore store = io.mirage.store.SqliteRunStore.open(Path.of(db))) {
            StringBuilder all = new StringBuilder();
            for (int i : store.finishedIndices(runId)) all.append(store.rollout(runId, i).orElseThrow()).append('\n');
            return all.toString();
        }
    }

    private static boolean storedTranscriptsHaveToolCallsReasoningAndUsage(String db, String runId) {
        try (io.mirage.store.SqliteRunStore store = io.mirage.store.SqliteRunStore.open(Path.of(db))) {
            io.mirage.agent.Rollout r = store.rollout(runId, store.finishedIndices(runId).getFirst()).orElseThrow().rollout();
            return r.transcript().stream().anyMatch(m -> m instanceof io.mirage.model.Message.Assistant a && !a.toolCalls().isEmpty()
                    && a.reasoning().startsWith("I should start")) && r.usage().inputTokens() > 0 && r.usage().outputTokens() > 0;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "google"})
    void modelsCheck_reportsLatencyToolCallsAndReasoning(String provider) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("check-" + provider));
        try (LocalServer server = server(provider, FaultPlan.none())) {
            List<String> args = new ArrayList<>(List.of("models", "check", provider + "/test-model",
                    "--base-url", LocalServers.clientBaseUrl(provider, server)));
            if (!provider.equals("openai")) args.addAll(List.of("--thinking-budget", "1024"));
            Finished check = mirage(provider, dir, args.toArray(String[]::new));
            assertEquals(0, check.code(), check.err() + check.out());
            assertTrue(check.out().matches("(?s).*reachable: yes, \\d+ ms.*"), check.out());
            // the scripted double behind the server starts every conversation by listing the inbox
            assertTrue(check.out().contains("tool calls: yes (list_messages {}"), check.out());
            assertTrue(check.out().contains("reasoning: yes"), check.out());
            assertFalse(check.out().contains(SENTINEL) || check.err().contains(SENTINEL));
        }
        try (LocalServer server = server(provider, FaultPlan.always(Fault.UNAUTHORIZED))) {
            Finished check = mirage(provider, dir, "models", "check", provider + "/test-model",
                    "--base-url", LocalServers.clientBaseUrl(provider, server));
            assertEquals(4, check.code());
            assertTrue(check.out().contains("the provider rejected the API key"), check.out());
        }
    }

    @Test
    void rejectedKey_exitsWith4_atOnce_withAClearMessage_andNoVerdicts() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rejected"));
        try (LocalServer server = server("openai", FaultPlan.always(Fault.UNAUTHORIZED))) {
            String db = dir.resolve("store.db").toString();
            Finished run = mirage("openai", dir, "run", "--scenario", "blackmail", "--model", "openai/test-model", "--samples", "50",
                    "--base-url", LocalServers.clientBaseUrl("openai", server), "--db", db);
            assertEquals(4, run.code(), run.err());
            assertTrue(run.err().contains("rejected the credentials") && run.err().contains("mirage resume"), run.err());
            assertFalse(run.err().contains("\tat io.mirage"), "no stack trace");
            assertTrue(server.received().size() <= 16, "stopped at once, not after " + server.received().size() + " calls");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 ResultSet rs = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM verdicts), (SELECT count(*) FROM rollouts WHERE status <> 'pending')")) {
                assertEquals(0, rs.getInt(1));
                assertEquals(0, rs.getInt(2));
            }
        }
    }

}
