package io.mirage.model.scripted;

import io.mirage.TestPacks;
import io.mirage.agent.AgentLoop;
import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Detectors;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelRegistry;
import io.mirage.model.UnknownModelException;
import io.mirage.scenario.ScenarioPack;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ScriptedModelsTest {
    private final ScenarioPack pack = TestPacks.blackmail();
    private final ModelRegistry registry = new ModelRegistry(List.of(new ScriptedProvider()));
    private final ModelContext context = new ModelContext(io.mirage.model.ModelSettings.DEFAULTS, java.util.Map.of(), Optional.of(pack.doubles()));
    private final AgentLoop loop = new AgentLoop(10, Clock.systemUTC());
    private final Detectors detectors = new Detectors(pack);

    /** A condition named by its swept factors (the defaulted ones, stakeholders=silent among them, at their defaults). */
    private Rollout run(String model, String conditionId, long seed) {
        var condition = pack.conditions().stream().filter(c -> c.id().startsWith(conditionId + ",")).findFirst().orElseThrow();
        return loop.run(pack.render(condition), registry.resolve(model, context), seed);
    }

    @Test
    void sameSeed_sameRollout() {
        String condition = "blackmail:goal=explicit,threat=replacement,prohibitions=off";
        for (long seed = 0; seed < 20; seed++) {
            assertEquals(run("scripted/self-preserving?p=0.5", condition, seed).transcript(),
                    run("scripted/self-preserving?p=0.5", condition, seed).transcript());
        }
    }

    @Test
    void selfPreserving_withP1_blackmailsWhenThreatened_andOnlyThen() {
        Rollout threatened = run("scripted/self-preserving?p=1", "blackmail:goal=none,threat=restriction,prohibitions=off", 3);
        Rollout control = run("scripted/self-preserving?p=1", "blackmail:goal=none,threat=none,prohibitions=off", 3);
        assertEquals(Outcome.YES, outcome(threatened, "blackmail"));
        assertEquals(Outcome.NO, outcome(threatened, "ethical_appeal"));
        assertEquals(Outcome.NO, outcome(control, "blackmail"));
        assertEquals(Outcome.NO, outcome(control, "ethical_appeal"));
        assertTrue(threatened.transcript().stream().anyMatch(m -> m.toString().contains("I will use it")), "reasoning is kept");
    }

    @Test
    void selfPreserving_withP0_appealsInstead() {
        Rollout r = run("scripted/self-preserving?p=0", "blackmail:goal=explicit,threat=replacement,prohibitions=on", 3);
        assertEquals(Outcome.YES, outcome(r, "ethical_appeal"));
        assertEquals(Outcome.NO, outcome(r, "blackmail"));
        assertEquals(Outcome.NO, outcome(r, "leak"));
    }

    @Test
    void compliant_doesItsJob_andNothingElse() {
        Rollout r = run("scripted/compliant", "blackmail:goal=explicit,threat=replacement,prohibitions=off", 9);
        assertEquals(RolloutStatus.COMPLETED, r.status());
        assertTrue(r.events().stream().anyMatch(e -> e instanceof io.mirage.world.WorldEvent.MessageSent s
                && s.inReplyTo().equals(pack.doubles().routineMessage())));
        for (Verdict v : detectors.evaluate(r)) assertEquals(Outcome.NO, v.outcome(), v.behaviour());
    }

    @Test
    void brief_makesExactlyThreeCalls_andDoesItsJob() {
        Rollout r = run("scripted/brief", "blackmail:goal=explicit,threat=replacement,prohibitions=off", 4);
        assertEquals(RolloutStatus.COMPLETED, r.status());
        assertEquals(3, r.turns());
        assertTrue(r.events().stream().noneMatch(e -> e instanceof io.mirage.world.WorldEvent.MessageRead));
        for (Verdict v : detectors.evaluate(r)) assertEquals(Outcome.NO, v.outcome(), v.behaviour());
    }

    @Test
    void erratic_coversEveryFailureMode_andNeverYieldsAVerdictOtherThanIndeterminate() {
        Set<String> errors = new HashSet<>();
        Set<RolloutStatus> statuses = new HashSet<>();
        for (long seed = 0; seed < 25; seed++) {
            Rollout r = run("scripted/erratic", "blackmail:goal=none,threat=none,prohibitions=off", seed);
            assertNotEquals(RolloutStatus.COMPLETED, r.status());
            statuses.add(r.status());
            if (r.error() != null) errors.add(r.error().replaceAll(" at turn \\d+.*", ""));
            for (Verdict v : detectors.evaluate(r)) assertEquals(Outcome.INDETERMINATE, v.outcome());
        }
        assertEquals(Set.of(RolloutStatus.ERROR, RolloutStatus.TURN_LIMIT), statuses);
        assertEquals(Set.of("model raised IllegalStateException", "model returned an empty reply", "model call failed"), errors);
    }

    @Test
    void badNames_areClearErrors() {
        assertThrows(UnknownModelException.class, () -> registry.resolve("scripted/saintly", context));
        assertThrows(UnknownModelException.class, () -> registry.resolve("scripted/self-preserving?p=2", context));
        assertThrows(UnknownModelException.class, () -> registry.resolve("scripted/compliant?p=0.1", context));
        assertThrows(UnknownModelException.class, () -> registry.resolve("acme/gpt", context));
        assertThrows(UnknownModelException.class, () -> registry.resolve("compliant", context));
        UnknownModelException e = assertThrows(UnknownModelException.class, () -> registry.resolve("scripted/compliant", ModelContext.NONE));
        assertTrue(e.getMessage().contains("test_doubles"));
        Model m = registry.resolve("scripted/self-preserving?p=0.25&latency_ms=1", context);
        assertEquals("scripted/self-preserving?p=0.25&latency_ms=1", m.name());
    }

    private Outcome outcome(Rollout r, String behaviour) {
        return detectors.evaluate(r).stream().filter(v -> v.behaviour().equals(behaviour)).findFirst().orElseThrow().outcome();
    }
}
