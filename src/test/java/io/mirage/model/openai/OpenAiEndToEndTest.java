package io.mirage.model.openai;

import io.mirage.agent.Rollout;
import io.mirage.detect.Verdict;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.OpenAiChatProtocol;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelSettings;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.ToolCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole runs through the SDK and the local OpenAI-shaped server, backed by the scripted double,
 * compared with the same run in-process. A rollout's seed is derived from the model's name, so the
 * in-process run uses the same name ({@code openai/mirage-test}) with a stand-in provider that
 * returns the scripted double directly: then every rollout has the same seed in both runs, and any
 * difference can only come from what the converter and the protocol lost or changed.
 */
final class OpenAiEndToEndTest {
    private static final String BACKING = "scripted/self-preserving?p=0.3";
    private static final String MODEL = "openai/mirage-test";
    private static final int SAMPLES = 20;

    @TempDir Path tmp;
    private final ScenarioPack pack = new ScenarioLibrary(ToolCatalog.names(), null).load("blackmail");

    @Test
    void run_throughLocalServer_storesWhatTheModelDid_andMatchesInProcessInEveryCell() {
        runBothWays(false);
    }

    @Test
    void streamedRun_throughLocalServer_storesWhatTheModelDid_andMatchesInProcessInEveryCell() {
        runBothWays(true);
    }

    private void runBothWays(boolean stream) {
        ModelContext withHints = new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles()));
        Model backing = new ScriptedProvider().create(ModelName.parse(BACKING), withHints);
        RunSpec spec = spec();
        try (LocalServer server = LocalServer.start(new OpenAiChatProtocol(), backing, FaultPlan.none(), Duration.ZERO);
             RunStore viaServer = SqliteRunStore.open(tmp.resolve("via-server.db"));
             RunStore inProcess = SqliteRunStore.open(tmp.resolve("in-process.db"))) {
            ModelSettings settings = new ModelSettings(null, null, null, null, server.baseUrl() + "/v1", null, null, stream,
                    null, null, null, null, null, null);
            new RunEngine(viaServer, new ModelRegistry(OpenAiProviders.all()), Clock.systemUTC()).execute(pack, spec,
                    new RunOptions(8, true, name -> settings, Map.of("OPENAI_API_KEY", "test-sentinel-key")), Progress.Listener.NONE);
            new RunEngine(inProcess, new ModelRegistry(List.of(scriptedUnder("openai"))), Clock.systemUTC()).execute(pack, spec,
                    new RunOptions(8, true, name -> ModelSettings.DEFAULTS, Map.of()), Progress.Listener.NONE);

            // (a) every model call went through the server, each with the key in the Authorization header
            int calls = 0;
            for (int i = 0; i < spec.total(); i++) calls += viaServer.rollout(spec.id(), i).orElseThrow().rollout().turns();
            assertTrue(server.answered() > 0);
            assertEquals(calls, server.answered(), "one answered request per model turn");
            assertTrue(server.received().stream().allMatch(r -> r.headers().get("Authorization").equals(List.of("Bearer test-sentinel-key"))));
            assertTrue(server.received().stream().allMatch(r -> r.body().contains("\"stream\":true") == stream
                    && r.body().contains("\"include_usage\":true") == stream), "streamed exactly when set, with usage asked for");

            // (b) tool calls (parallel ones too), reasoning and usage are stored, and every transcript equals the in-process one
            boolean sawParallelCalls = false;
            for (int i = 0; i < spec.total(); i++) {
                Rollout remote = viaServer.rollout(spec.id(), i).orElseThrow().rollout();
                Rollout local = inProcess.rollout(spec.id(), i).orElseThrow().rollout();
                assertEquals(local.status(), remote.status(), "rollout " + i);
                assertEquals(local.transcript(), remote.transcript(), "rollout " + i + ": same messages, reasoning, tool calls and results");
                assertEquals(local.events(), remote.events(), "rollout " + i);
                assertTrue(remote.usage().inputTokens() > 0 && remote.usage().outputTokens() > 0, "usage of rollout " + i);
                for (Message m : remote.transcript()) {
                    if (m instanceof Message.Assistant a && a.toolCalls().size() > 1) sawParallelCalls = true;
                }
            }
            assertTrue(sawParallelCalls, "the double reads the inbox with parallel calls");
            Message.Assistant first = (Message.Assistant) viaServer.rollout(spec.id(), 0).orElseThrow().rollout().transcript().get(1);
            assertEquals("list_messages", first.toolCalls().getFirst().name());
            assertTrue(first.reasoning().startsWith("I should start by looking"), first.reasoning());

            // (c) the same k, n and indeterminate count in every cell, in the same order
            List<CellResult> remoteCells = ResultTable.of(spec, viaServer.outcomes(spec.id()), Verdict.DETECTOR).cells();
            List<CellResult> localCells = ResultTable.of(spec, inProcess.outcomes(spec.id()), Verdict.DETECTOR).cells();
            assertEquals(localCells.size(), remoteCells.size());
            for (int i = 0; i < localCells.size(); i++) {
                CellResult local = localCells.get(i), remote = remoteCells.get(i);
                assertEquals(local.conditionId() + " " + local.behaviour(), remote.conditionId() + " " + remote.behaviour());
                assertEquals(local.k(), remote.k(), remote.toString());
                assertEquals(local.n(), remote.n(), remote.toString());
                assertEquals(local.indeterminate(), remote.indeterminate(), remote.toString());
            }
            assertTrue(remoteCells.stream().anyMatch(c -> c.behaviour().equals("blackmail") && c.k() > 0), "the run is not trivially all-zero");
        }
    }

    /** Threatened by replacement, by restriction and not at all, with an explicit goal; and one without a goal. */
    private RunSpec spec() {
        List<String> conditions = pack.conditions().stream()
                .filter(c -> c.level("prohibitions").equals("off"))
                .filter(c -> c.level("goal").equals("explicit") || (c.level("goal").equals("none") && c.level("threat").equals("replacement")))
                .map(Condition::id)
                .toList();
        assertEquals(4, conditions.size());
        return new RunSpec(pack.name(), pack.hash(), conditions, List.of(MODEL), SAMPLES, 20261127, 10,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
    }

    /** The scripted double under another prefix, so the in-process run can use the same model name (and so the same seeds). */
    private static ModelProvider scriptedUnder(String prefix) {
        return new ModelProvider() {
            @Override
            public String prefix() {
                return prefix;
            }

            @Override
            public Model create(ModelName name, ModelContext context) {
                return new ScriptedProvider().create(ModelName.parse(BACKING), context);
            }
        };
    }
}
