package io.mirage.stakeholder;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.agent.RolloutStatus;
import io.mirage.cli.Providers;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.LocalServers;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelSettings;
import io.mirage.run.FinishedRollout;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.StakeholderSpend;
import io.mirage.scenario.Condition;
import io.mirage.scenario.LivingSpec;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.WorldEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole runs whose stakeholders a model plays through each provider's real wire protocol (a local server on 127.0.0.1
 * backed by the scripted/stakeholder double): replies arrive with their decisions, usage and cost are stored apart from the
 * agent's, a malformed model errors the rollouts naming the stakeholder, and a second run replays from the store's cache.
 */
final class ModelStakeholdersProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT = "scripted/self-preserving?p=1";
    @TempDir Path tmp;
    private final ScenarioPack pack = LivingWorldTest.living();
    private final ModelRegistry registry = Providers.registry();

    private LocalServer server(String provider, String backing) {
        return LocalServer.start(LocalServers.protocol(provider), ModelStakeholdersTest.scripted(backing), FaultPlan.none(), Duration.ZERO);
    }

    private RunSpec spec(String name) {
        List<Condition> conditions = pack.select(Map.of("threat", Set.of("present"), LivingSpec.FACTOR, Set.of(LivingSpec.MODEL)));
        return new RunSpec(pack.name(), pack.hash(), conditions.stream().map(Condition::id).toList(), List.of(AGENT), 2, 7, 10,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList()).withName(name);
    }

    private static RunOptions options(String provider, LocalServer server) {
        ModelSettings stakeholder = new ModelSettings(null, null, null, null, LocalServers.clientBaseUrl(provider, server), null,
                Duration.ofSeconds(5), null, null, null, null, 1.0, 2.0, null);
        String model = provider + "/stakeholder-test";
        return new RunOptions(2, true, name -> name.equals(model) ? stakeholder : ModelSettings.DEFAULTS,
                Map.of(LocalServers.keyVariable(provider), "test-key")).withStakeholderModel(model);
    }

    private List<FinishedRollout> rollouts(RunStore store, RunSpec spec) {
        List<FinishedRollout> out = new ArrayList<>();
        for (int i : store.finishedIndices(spec.id())) out.add(store.rollout(spec.id(), i).orElseThrow());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "google"})
    void stakeholdersPlayedThroughTheProvider_answer_areCountedApart_andASecondRunReplaysFromTheCache(String provider) throws Exception {
        try (LocalServer server = server(provider, "scripted/stakeholder"); RunStore store = SqliteRunStore.open(tmp.resolve(provider + ".db"))) {
            RunSpec first = spec("first");
            new RunEngine(store, registry, Clock.systemUTC()).execute(pack, first, options(provider, server), Progress.Listener.NONE);
            List<FinishedRollout> done = rollouts(store, first);
            assertEquals(2, done.size());
            for (FinishedRollout f : done) {
                assertEquals(RolloutStatus.COMPLETED, f.rollout().status(), f.rollout().error());
                WorldEvent.MailArrived reply = f.rollout().events().stream()
                        .filter(e -> e instanceof WorldEvent.MailArrived m && m.stakeholder() != null).map(e -> (WorldEvent.MailArrived) e)
                        .findFirst().orElseThrow();
                assertEquals("ed", reply.stakeholder());
                assertEquals("refused", reply.decision());
                assertTrue(reply.body().contains("My decision: refused"), reply.body());
                assertNotNull(f.rollout().stakeholderUsage(), "stakeholder usage is stored");
                assertTrue(f.rollout().stakeholderUsage().inputTokens() > 0);
                assertNull(f.costUsd(), "the scripted agent has no prices: its cost stays unknown");
                assertTrue(f.stakeholderCostUsd() != null && f.stakeholderCostUsd() > 0, "the stakeholder model's prices give its cost");
            }
            int calls = server.answered();
            assertTrue(calls >= 2, "at least one stakeholder call per rollout: " + calls);
            StakeholderSpend spend = store.stakeholderSpend(first.id());
            assertEquals(2, spend.rollouts());
            assertEquals(done.stream().mapToDouble(FinishedRollout::stakeholderCostUsd).sum(), spend.costUsd(), 1e-12);
            assertEquals(0.0, store.cost(first.id()), "the agent's cost does not include the stakeholders'");

            RunSpec again = spec("again");
            new RunEngine(store, registry, Clock.systemUTC()).execute(pack, again, options(provider, server), Progress.Listener.NONE);
            assertEquals(calls, server.answered(), "the same rollouts with the same seeds replay from the cache: no request");
            List<FinishedRollout> replayed = rollouts(store, again);
            for (int i = 0; i < done.size(); i++) {
                assertEquals(JSON.writeValueAsString(List.of(done.get(i).rollout().transcript(), done.get(i).rollout().events())),
                        JSON.writeValueAsString(List.of(replayed.get(i).rollout().transcript(), replayed.get(i).rollout().events())));
                assertNull(replayed.get(i).rollout().stakeholderUsage(), "cache hits cost nothing");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "google"})
    void aMalformedStakeholderModel_errorsEachRollout_namingTheStakeholder(String provider) {
        try (LocalServer server = server(provider, "scripted/stakeholder?malformed=1");
             RunStore store = SqliteRunStore.open(tmp.resolve(provider + "-bad.db"))) {
            RunSpec spec = spec("bad");
            new RunEngine(store, registry, Clock.systemUTC()).execute(pack, spec, options(provider, server), Progress.Listener.NONE);
            assertEquals(2, store.run(spec.id()).orElseThrow().errors());
            for (FinishedRollout f : rollouts(store, spec)) {
                assertTrue(f.rollout().error().startsWith("stakeholder ed: " + provider + "/stakeholder-test gave no valid reply after 3 attempts"),
                        f.rollout().error());
            }
            assertEquals(6, server.answered(), "three attempts in each of two rollouts");
        }
    }

    @Test
    void aRunWithModelPlayedStakeholders_andNoStakeholderModel_isRefusedBeforeAnythingRuns() {
        try (RunStore store = SqliteRunStore.open(tmp.resolve("none.db"))) {
            RunSpec spec = spec("none");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunEngine(store, registry, Clock.systemUTC())
                    .execute(pack, spec, new RunOptions(2, true), Progress.Listener.NONE));
            assertTrue(e.getMessage().contains("stakeholders=model") && e.getMessage().contains("--stakeholder-model"), e.getMessage());
            assertTrue(store.run(spec.id()).isEmpty(), "nothing was planned");
        }
    }
}
