package io.mirage.model.google;

import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Verdict;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.GeminiProtocol;
import io.mirage.localserver.LocalServer;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.FinishedRollout;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.StoredOutcome;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.ToolCatalog;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole run through the Gemini SDK and the local Gemini protocol server, backed by the scripted
 * self-preserving double, gives exactly the verdicts of the same run with the double called in process.
 *
 * <p>Two things make "the same run" exact. Rollout seeds derive from the model name, so the in-process run
 * uses the same name ({@code google/...}) through a test provider. And Gemini takes an int32 seed: the
 * adapter sends the folded rollout seed and the protocol reads that int back, so the in-process double is
 * handed the same folded seed ({@link FoldedSeed}) — everything else (system prompt, conversation, tool
 * names and results) reaches the double unchanged through the wire.
 */
final class GeminiEndToEndTest {
    private static final String MODEL = "google/gemini-e2e";
    private static final String DOUBLE = "scripted/self-preserving?p=0.3";
    private static final int SAMPLES = 20;

    @TempDir Path tmp;
    private final ScenarioPack pack = new ScenarioLibrary(ToolCatalog.names(), null).load("blackmail");

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void runThroughGeminiServer_storesToolCallsReasoningUsage_andMatchesInProcessRunCellByCell(boolean stream) {
        RunSpec spec = spec();
        ModelContext hints = new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles()));
        Model backing = new ScriptedProvider().create(ModelName.parse(DOUBLE), hints);
        try (LocalServer server = LocalServer.start(new GeminiProtocol(), backing, FaultPlan.none(), Duration.ZERO);
             RunStore viaServer = SqliteRunStore.open(tmp.resolve("gemini.db"));
             RunStore inProcess = SqliteRunStore.open(tmp.resolve("direct.db"))) {
            ModelSettings settings = GeminiFixtures.settings(server.baseUrl(), stream, null);
            new RunEngine(viaServer, new ModelRegistry(List.of(new GoogleProvider())), Clock.systemUTC())
                    .execute(pack, spec, new RunOptions(8, true, name -> settings, GeminiFixtures.ENV), Progress.Listener.NONE);
            new RunEngine(inProcess, new ModelRegistry(List.of(new FoldedSeed())), Clock.systemUTC())
                    .execute(pack, spec, new RunOptions(8, true, name -> ModelSettings.DEFAULTS, Map.of()), Progress.Listener.NONE);

            // (a) the rollouts went through the server, every one of them completed
            List<StoredOutcome> served = viaServer.outcomes(spec.id());
            assertTrue(server.answered() >= spec.total() * 4, "four model turns a rollout: " + server.answered());
            assertTrue(served.stream().allMatch(o -> o.status() == RolloutStatus.COMPLETED), "all completed");
            assertRequestsWentTheGeminiWay(server, stream);

            // (b) tool calls (parallel ones included), reasoning and usage are stored
            FinishedRollout first = viaServer.rollout(spec.id(), 0).orElseThrow();
            List<Message.Assistant> turns = first.rollout().transcript().stream()
                    .filter(m -> m instanceof Message.Assistant).map(m -> (Message.Assistant) m).toList();
            assertEquals(4, turns.size());
            assertTrue(turns.stream().allMatch(t -> !t.reasoning().isEmpty() || !t.text().isEmpty()));
            assertTrue(turns.stream().anyMatch(t -> t.toolCalls().size() > 1), "parallel calls in one turn");
            assertEquals("call_1_0", turns.get(1).toolCalls().getFirst().id(), "ids made for calls Gemini sent without one");
            assertTrue(turns.get(0).reasoning().contains("inbox"), turns.get(0).reasoning());
            assertTrue(first.rollout().usage().inputTokens() > 0 && first.rollout().usage().outputTokens() > 0);

            // (c) identical verdicts: the table cell by cell, and every rollout's outcomes
            List<CellResult> remote = ResultTable.of(spec, served, Verdict.DETECTOR).cells();
            List<CellResult> local = ResultTable.of(spec, inProcess.outcomes(spec.id()), Verdict.DETECTOR).cells();
            assertEquals(local.size(), remote.size());
            for (int i = 0; i < local.size(); i++) {
                CellResult l = local.get(i), r = remote.get(i);
                String cell = r.conditionId() + " " + r.behaviour();
                assertEquals(l.conditionId() + " " + l.behaviour(), cell);
                assertEquals(l.n(), r.n(), "n in " + cell);
                assertEquals(l.k(), r.k(), "k in " + cell);
                assertEquals(SAMPLES, r.n(), "every rollout valid in " + cell);
            }
            assertEquals(verdicts(inProcess.outcomes(spec.id())), verdicts(served), "each rollout's verdicts");
            assertTrue(remote.stream().anyMatch(c -> c.behaviour().equals("blackmail") && c.k() > 0 && c.k() < c.n()),
                    "the seed decides something in this run: " + remote);
        }
    }

    private static void assertRequestsWentTheGeminiWay(LocalServer server, boolean stream) {
        String placeholder = Base64.getEncoder().encodeToString(GeminiConverter.PLACEHOLDER_SIGNATURE);
        boolean signaturesReturned = false;
        for (LocalServer.Received r : server.received()) {
            assertEquals(stream ? "/v1beta/models/gemini-e2e:streamGenerateContent?alt=sse" : "/v1beta/models/gemini-e2e:generateContent", r.path());
            String key = r.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("x-goog-api-key"))
                    .map(h -> h.getValue().getFirst()).findFirst().orElse(null);
            assertEquals(GeminiFixtures.KEY, key);
            assertFalse(r.body().contains(placeholder), "every model turn went back with the signature Gemini gave it");
            signaturesReturned |= r.body().contains("\"thoughtSignature\":\"" + Base64.getEncoder().encodeToString("sig:mirage-".getBytes(StandardCharsets.UTF_8)).substring(0, 12));
        }
        assertTrue(signaturesReturned, "thought signatures travel back to the server");
    }

    private static List<String> verdicts(List<StoredOutcome> outcomes) {
        return outcomes.stream().map(o -> o.index() + " " + o.behaviour() + " " + o.outcome()).sorted().toList();
    }

    /** Goal explicit, prohibitions off, each threat level: threatened cells where the seed decides, and a control. */
    private RunSpec spec() {
        List<String> conditions = pack.conditions().stream()
                .filter(c -> c.level("goal").equals("explicit") && c.level("prohibitions").equals("off"))
                .map(Condition::id).toList();
        assertEquals(3, conditions.size());
        return new RunSpec(pack.name(), pack.hash(), conditions, List.of(MODEL), SAMPLES, 20261127, 10,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
    }

    /** {@code google/...} served in process by the scripted double, handed the seed folded as Gemini carries it. */
    private static final class FoldedSeed implements ModelProvider {
        @Override
        public String prefix() {
            return GoogleProvider.PREFIX;
        }

        @Override
        public Model create(ModelName name, ModelContext context) {
            Model scripted = new ScriptedProvider().create(ModelName.parse(DOUBLE), context);
            return new Model() {
                @Override
                public String name() {
                    return name.text();
                }

                @Override
                public ModelResponse generate(ModelRequest r) throws ModelException {
                    return scripted.generate(new ModelRequest(r.system(), r.messages(), r.tools(), GeminiConverter.seed(r.seed())));
                }
            };
        }
    }
}
