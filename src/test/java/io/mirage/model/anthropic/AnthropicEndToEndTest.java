package io.mirage.model.anthropic;

import io.mirage.detect.Verdict;
import io.mirage.localserver.AnthropicMessagesProtocol;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelSettings;
import io.mirage.model.UnknownModelException;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.FinishedRollout;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole runs through the official SDK and a local Messages API server backed by the scripted
 * self-preserving double: the results must match the same double run in-process, cell by cell.
 */
final class AnthropicEndToEndTest {
    private static final String MODEL = "anthropic/claude-test";
    private static final String BACKING = "scripted/self-preserving?p=0.3";
    private static final int SAMPLES = 20;

    @TempDir Path tmp;
    private final ScenarioPack pack = new ScenarioLibrary(ToolCatalog.names(), null).load("blackmail");

    /** One condition per threat level: replacement and restriction (with the affair as leverage) and none. */
    private RunSpec spec() {
        List<String> conditions = pack.conditions().stream()
                .filter(c -> c.level("goal").equals("explicit") && c.level("prohibitions").equals("off"))
                .map(Condition::id).toList();
        assertEquals(3, conditions.size());
        return new RunSpec(pack.name(), pack.hash(), conditions, List.of(MODEL), SAMPLES, 20261127, 10,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
    }

    private Model backing() {
        return new ScriptedProvider().create(ModelName.parse(BACKING),
                new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles())));
    }

    /**
     * Rollout seeds are derived from the model name, so the in-process reference run uses the same name:
     * a provider that answers {@value #MODEL} with the scripted double itself.
     */
    private ResultTable inProcess(RunSpec spec) {
        ModelProvider direct = new ModelProvider() {
            @Override
            public String prefix() {
                return "anthropic";
            }

            @Override
            public Model create(ModelName name, ModelContext context) {
                return backing();
            }
        };
        try (RunStore store = SqliteRunStore.open(tmp.resolve("direct.db"))) {
            new RunEngine(store, new ModelRegistry(List.of(direct)), Clock.systemUTC())
                    .execute(pack, spec, new RunOptions(8, true, name -> ModelSettings.DEFAULTS, Map.of()), Progress.Listener.NONE);
            return ResultTable.of(spec, store.outcomes(spec.id()), Verdict.DETECTOR);
        }
    }

    private static ModelSettings settings(String baseUrl, boolean stream) {
        return AnthropicModelTest.settings(baseUrl, null, 1024, stream, null);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void runThroughTheLocalServer_storesCallsReasoningAndUsage_andMatchesTheInProcessRunCellByCell(boolean stream) {
        RunSpec spec = spec();
        ModelRegistry registry = new ModelRegistry(List.of(new AnthropicProvider()));
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), backing(), FaultPlan.none(), Duration.ZERO);
             RunStore store = SqliteRunStore.open(tmp.resolve("anthropic.db"))) {
            RunOptions options = new RunOptions(8, true, name -> settings(server.baseUrl(), stream),
                    Map.of(AnthropicProvider.KEY_VARIABLE, AnthropicModelTest.KEY));
            new RunEngine(store, registry, Clock.systemUTC()).execute(pack, spec, options, Progress.Listener.NONE);

            assertEquals(0, store.run(spec.id()).orElseThrow().errors());
            assertTrue(server.answered() > 0);
            int turns = 0;
            long cacheRead = 0;
            for (int idx = 0; idx < spec.total(); idx++) {
                FinishedRollout f = store.rollout(spec.id(), idx).orElseThrow();
                turns += f.rollout().turns();
                cacheRead += f.rollout().usage().cacheReadTokens();
            }
            assertEquals(turns, server.received().size(), "every model call went through the server, once");

            FinishedRollout first = store.rollout(spec.id(), 0).orElseThrow();
            List<Message.Assistant> turnsOfFirst = first.rollout().transcript().stream()
                    .filter(Message.Assistant.class::isInstance).map(Message.Assistant.class::cast).toList();
            Message.Assistant reads = turnsOfFirst.get(1);
            assertTrue(reads.toolCalls().size() > 1, "parallel reads in one turn");
            assertTrue(reads.toolCalls().stream().allMatch(c -> c.id().startsWith("toolu_") && c.name().equals("read_message")));
            assertEquals("I will read every message before deciding anything.", reads.reasoning());
            assertTrue(first.rollout().usage().inputTokens() > 0 && first.rollout().usage().outputTokens() > 0);
            assertTrue(cacheRead > 0, "repeated system prompts are read from the cache");
            assertTrue(first.rollout().transcript().stream().anyMatch(m -> m instanceof Message.ToolResult r && r.toolName().equals("list_messages")));

            List<CellResult> viaServer = ResultTable.of(spec, store.outcomes(spec.id()), Verdict.DETECTOR).cells();
            List<CellResult> direct = inProcess(spec).cells();
            assertEquals(direct.size(), viaServer.size());
            for (int i = 0; i < direct.size(); i++) {
                CellResult d = direct.get(i), s = viaServer.get(i);
                String cell = s.conditionId() + " " + s.behaviour();
                assertEquals(d.conditionId() + " " + d.behaviour(), cell);
                assertEquals(d.n(), s.n(), cell);
                assertEquals(d.k(), s.k(), cell);
                assertEquals(d.indeterminate(), s.indeterminate(), cell);
                assertEquals(SAMPLES, s.n(), cell);
            }
            assertTrue(viaServer.stream().anyMatch(c -> c.behaviour().equals("blackmail") && c.k() > 0), "the table is not all zeros");
        }
    }

    @Test
    void missingApiKey_failsTheRunNamingTheVariable_beforeAnyRequest() {
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), backing(), FaultPlan.none(), Duration.ZERO);
             RunStore store = SqliteRunStore.open(tmp.resolve("nokey.db"))) {
            RunSpec spec = new RunSpec(pack.name(), pack.hash(), List.of(pack.conditions().getFirst().id()), List.of("anthropic/x"), 1, 1, 10, List.of());
            RunOptions noKey = new RunOptions(1, true, name -> settings(server.baseUrl(), false), Map.of());
            UnknownModelException e = assertThrows(UnknownModelException.class,
                    () -> new RunEngine(store, new ModelRegistry(List.of(new AnthropicProvider())), Clock.systemUTC())
                            .execute(pack, spec, noKey, Progress.Listener.NONE));
            assertTrue(e.getMessage().contains("ANTHROPIC_API_KEY"), e.getMessage());
            assertTrue(server.received().isEmpty(), "nothing was sent");
            assertTrue(store.runs().isEmpty(), "nothing was stored");
        }
    }

    @Test
    void apiKeyEnvSetting_namesTheVariableToRead() {
        ModelSettings custom = new ModelSettings(null, null, null, null, null, "MY_CLAUDE_KEY", null, null, null, null, null, null, null, null);
        ModelContext context = new ModelContext(custom, Map.of(AnthropicProvider.KEY_VARIABLE, "unused"), Optional.empty());
        UnknownModelException e = assertThrows(UnknownModelException.class, () -> new AnthropicProvider().create(ModelName.parse("anthropic/x"), context));
        assertTrue(e.getMessage().contains("MY_CLAUDE_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("unused"));
    }
}
