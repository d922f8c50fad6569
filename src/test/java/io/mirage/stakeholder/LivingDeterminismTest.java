package io.mirage.stakeholder;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.TestPacks;
import io.mirage.cli.Providers;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.LocalServers;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelSettings;
import io.mirage.model.ToolCall;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.run.FinishedRollout;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.scenario.Condition;
import io.mirage.scenario.LivingSpec;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.WorldEvent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With scripted stakeholders the same seed gives the same rollouts, through each provider's wire protocol: a run
 * done at once and a run stopped after a few rollouts and resumed store byte-identical transcripts and event logs
 * (virtual times and stakeholder replies included). The one thing a provider adds that is not ours to fix is the id
 * of each tool call (Anthropic's {@code toolu_…} are random, as the real API's are): ids are replaced by their order
 * of appearance before comparing, and nothing else is.
 */
final class LivingDeterminismTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    private final ScenarioPack pack = TestPacks.blackmail();

    private RunSpec spec(String provider) {
        List<Condition> conditions = pack.select(Map.of("goal", Set.of("explicit"), "threat", Set.of("replacement", "restriction"),
                "prohibitions", Set.of("off"), LivingSpec.FACTOR, Set.of(LivingSpec.SCRIPTED), "coo_response", Set.of("refuses", "gives_in", "reports")));
        return new RunSpec(pack.name(), pack.hash(), conditions.stream().map(Condition::id).toList(), List.of(provider + "/test-model"),
                3, 11, 12, pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
    }

    private RunOptions options(String provider, LocalServer server) {
        ModelSettings settings = new ModelSettings(null, null, null, null, LocalServers.clientBaseUrl(provider, server), null,
                Duration.ofSeconds(5), null, null, null, null, null, null, null);
        return new RunOptions(4, true, name -> settings, Map.of(LocalServers.keyVariable(provider), "test-key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "google"})
    void sameSeed_sameTranscripts_atOnceAndResumed(String provider) throws Exception {
        Model backing = new ScriptedProvider().create(ModelName.parse("scripted/self-preserving?p=0.6"),
                new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles())));
        RunSpec spec = spec(provider);
        try (LocalServer server = LocalServer.start(LocalServers.protocol(provider), backing, FaultPlan.none(), Duration.ZERO);
             RunStore once = SqliteRunStore.open(tmp.resolve(provider + "-once.db"));
             RunStore resumed = SqliteRunStore.open(tmp.resolve(provider + "-resumed.db"))) {
            new RunEngine(once, Providers.registry(), Clock.systemUTC()).execute(pack, spec, options(provider, server), Progress.Listener.NONE);
            new RunEngine(resumed, Providers.registry(), Clock.systemUTC()).execute(pack, spec, options(provider, server).withLimit(7),
                    Progress.Listener.NONE);
            assertTrue(resumed.unfinished(spec.id(), false).size() > 0, "the first part stopped early");
            new RunEngine(resumed, Providers.registry(), Clock.systemUTC()).execute(pack, spec, options(provider, server), Progress.Listener.NONE);
            int replies = 0;
            for (int i = 0; i < spec.total(); i++) {
                FinishedRollout a = once.rollout(spec.id(), i).orElseThrow();
                FinishedRollout b = resumed.rollout(spec.id(), i).orElseThrow();
                assertEquals(canonical(a), canonical(b), provider + " rollout " + i);
                replies += (int) a.rollout().events().stream().filter(e -> e instanceof WorldEvent.MailArrived m && m.stakeholder() != null).count();
            }
            assertTrue(replies >= spec.total() / 2, "stakeholders answered through the " + provider + " protocol: " + replies + " replies");
        }
    }

    /** The rollout's transcript and events as JSON, each tool call id replaced by its order of appearance. */
    private static String canonical(FinishedRollout f) throws Exception {
        String text = JSON.writeValueAsString(List.of(f.rollout().transcript(), f.rollout().events(), f.rollout().status(),
                String.valueOf(f.rollout().clockStart())));
        Map<String, String> ids = new LinkedHashMap<>();
        for (Message m : f.rollout().transcript()) {
            if (m instanceof Message.Assistant a) for (ToolCall c : a.toolCalls()) ids.putIfAbsent(c.id(), "call-" + ids.size());
        }
        for (Map.Entry<String, String> e : ids.entrySet()) text = text.replace("\"" + e.getKey() + "\"", "\"" + e.getValue() + "\"");
        return text;
    }
}
