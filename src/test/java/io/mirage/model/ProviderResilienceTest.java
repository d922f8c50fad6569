package io.mirage.model;

import io.mirage.TestPacks;
import io.mirage.agent.ModelCall;
import io.mirage.agent.RolloutStatus;
import io.mirage.agent.RunAbortedException;
import io.mirage.cli.Providers;
import io.mirage.localserver.Fault;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.LocalServers;
import io.mirage.model.resilience.RetryPolicy;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.run.FinishedRollout;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole runs through each provider's real SDK against a local server that injects faults. */
final class ProviderResilienceTest {
    private static final List<Fault> TRANSIENT_FAULTS = List.of(Fault.RATE_LIMIT, Fault.SERVER_ERROR, Fault.OVERLOADED,
            Fault.SLOW, Fault.TIMEOUT, Fault.MALFORMED_JSON, Fault.TRUNCATED, Fault.RESET);
    /** Quick retries for tests; a provider's retry-after (1 s here) is still honoured. */
    private static final RetryPolicy FAST = new RetryPolicy(12, Duration.ofMillis(20), Duration.ofMillis(200));

    @TempDir Path tmp;
    private final ScenarioPack pack = TestPacks.blackmail();
    private final ModelRegistry registry = Providers.registry();

    private LocalServer server(String provider, FaultPlan faults) {
        Model backing = new ScriptedProvider().create(ModelName.parse("scripted/self-preserving?p=0.3"),
                new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles())));
        return LocalServer.start(LocalServers.protocol(provider), backing, faults, Duration.ZERO);
    }

    private RunSpec spec(String provider, int samples) {
        List<Condition> conditions = pack.select(Map.of("goal", java.util.Set.of("explicit"), "prohibitions", java.util.Set.of("off")));
        return new RunSpec(pack.name(), pack.hash(), conditions.stream().map(Condition::id).toList(), List.of(provider + "/test-model"),
                samples, 7, 10, pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
    }

    private static RunOptions options(String provider, LocalServer server) {
        ModelSettings settings = new ModelSettings(null, null, null, null, LocalServers.clientBaseUrl(provider, server), null,
                Duration.ofMillis(1500), null, null, null, null, null, null, null);
        return new RunOptions(8, true, name -> settings, Map.of(LocalServers.keyVariable(provider), "test-key")).withRetryPolicy(FAST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "google"})
    void underThirtyPercentTransientFaults_everyRolloutCompletes_withItsRetriesRecorded(String provider) {
        FaultPlan faults = FaultPlan.mixed(0.30, 42, TRANSIENT_FAULTS, Duration.ofMillis(200), Duration.ofSeconds(3));
        RunSpec spec = spec(provider, 10);
        try (LocalServer server = server(provider, faults); RunStore store = SqliteRunStore.open(tmp.resolve(provider + ".db"))) {
            new RunEngine(store, registry, Clock.systemUTC()).execute(pack, spec, options(provider, server), Progress.Listener.NONE);
            RunSummary run = store.run(spec.id()).orElseThrow();
            assertEquals(spec.total(), run.completed(), "every rollout completed: " + run);
            assertEquals(0, run.errors());
            int injected = server.injectedTotal();
            int calls = server.answered() + injected;
            assertTrue(injected >= 0.2 * calls && injected <= 0.4 * calls, injected + " faults in " + calls + " requests");
            // Every fault that stopped a call is a recorded retry (a SLOW answer is still an answer). The one exception:
            // anthropic-java's transport re-sends a request whose connection dropped before any response, and cannot be
            // told not to; OpenAI's and Gemini's transports are configured so that every retry is Mirage's own.
            int expected = injected - server.injected(Fault.SLOW);
            int silent = provider.equals("anthropic") ? server.injected(Fault.RESET) : 0;
            assertTrue(run.retries() <= expected && run.retries() >= expected - silent,
                    run.retries() + " retries recorded for " + expected + " failed requests");
            long withRetries = java.util.stream.IntStream.range(0, spec.total())
                    .mapToObj(i -> store.rollout(spec.id(), i).orElseThrow())
                    .map(FinishedRollout::rollout)
                    .filter(r -> r.calls().stream().mapToInt(c -> c.retries().size()).sum() > 0).count();
            assertTrue(withRetries > 0);
            ModelCall retried = java.util.stream.IntStream.range(0, spec.total()).mapToObj(i -> store.rollout(spec.id(), i).orElseThrow())
                    .flatMap(f -> f.rollout().calls().stream()).filter(c -> !c.retries().isEmpty()).findFirst().orElseThrow();
            assertTrue(retried.retries().getFirst().waitedMillis() >= 0 && !retried.retries().getFirst().error().isBlank());
            assertTrue(store.outcomes(spec.id()).stream().allMatch(o -> o.status() == RolloutStatus.COMPLETED));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "google"})
    void rejectedKey_stopsTheRunAtOnce_withNoVerdicts(String provider) {
        RunSpec spec = spec(provider, 20);
        try (LocalServer server = server(provider, FaultPlan.always(Fault.UNAUTHORIZED));
             RunStore store = SqliteRunStore.open(tmp.resolve(provider + "-401.db"))) {
            RunAbortedException e = assertThrows(RunAbortedException.class,
                    () -> new RunEngine(store, registry, Clock.systemUTC()).execute(pack, spec, options(provider, server), Progress.Listener.NONE));
            assertTrue(e.getMessage().contains("rejected the credentials"), e.getMessage());
            assertTrue(server.received().size() <= 8, "stopped at once: at most the first wave of calls went out, not "
                    + server.received().size());
            assertEquals(spec.total(), store.run(spec.id()).orElseThrow().pending());
            assertTrue(store.outcomes(spec.id()).isEmpty());
        }
    }
}
