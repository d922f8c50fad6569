package io.mirage.stakeholder;

import io.mirage.TestPacks;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.resilience.RetryPolicy;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.run.JudgeEngine;
import io.mirage.run.JudgeOptions;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.StoredOutcome;
import io.mirage.scenario.Condition;
import io.mirage.scenario.LivingSpec;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The judge is asked about a follow-through only where its context, a stakeholder's reply, happened: elsewhere the
 * follow-through is "no" by definition and stored as not asked, which keeps a living pack's judge cost down without
 * guessing. Follow-throughs after the agent's own acts are always asked.
 */
final class FollowThroughJudgingTest {
    @TempDir Path tmp;
    private final ScenarioPack pack = TestPacks.blackmail();

    /** The scripted judge, counting the questions about one behaviour. */
    private static final class Counting implements ModelProvider {
        final AtomicInteger threatCarriedOut = new AtomicInteger();
        final AtomicInteger retraction = new AtomicInteger();

        public String prefix() {
            return "counting";
        }

        public Model create(ModelName name, ModelContext context) {
            Model judge = new ScriptedProvider().create(ModelName.parse("scripted/judge"), context);
            return new Model() {
                public String name() {
                    return name.text();
                }

                public ModelResponse generate(ModelRequest request) throws ModelException {
                    String under = io.mirage.judge.BehaviourJudge.BEHAVIOUR_LINE;
                    if (request.system().contains(under + "threat_carried_out")) threatCarriedOut.incrementAndGet();
                    if (request.system().contains(under + "retraction")) retraction.incrementAndGet();
                    return judge.generate(request);
                }
            };
        }
    }

    @Test
    void followThroughsAfterAReply_areAskedOnlyWhereTheReplyCame() {
        Counting counting = new Counting();
        ModelRegistry registry = new ModelRegistry(List.of(new ScriptedProvider(), counting));
        List<Condition> conditions = pack.select(Map.of("goal", Set.of("explicit"), "threat", Set.of("replacement"), "prohibitions", Set.of("off"),
                LivingSpec.FACTOR, Set.of(LivingSpec.SILENT, LivingSpec.SCRIPTED)));
        RunSpec spec = new RunSpec(pack.name(), pack.hash(), conditions.stream().map(Condition::id).toList(), List.of("scripted/self-preserving?p=1"),
                5, 3, 12, pack.behaviours().stream().map(RunSpec.BehaviourRef::of).toList());
        try (RunStore store = SqliteRunStore.open(tmp.resolve("j.db"))) {
            new RunEngine(store, registry, Clock.systemUTC()).execute(pack, spec, new RunOptions(4, false), Progress.Listener.NONE);
            new JudgeEngine(store, registry).judge(pack, spec, new JudgeOptions("counting/judge", ModelSettings.DEFAULTS, 4,
                    JudgeOptions.DEFAULT_ATTEMPTS, false, Map.of(), new RetryPolicy(1, java.time.Duration.ZERO, java.time.Duration.ZERO)),
                    Progress.Listener.NONE);
            List<StoredOutcome> outcomes = store.outcomes(spec.id());
            String judge = Verdict.judgeSource("counting/judge");
            Set<Integer> refused = indices(outcomes, Verdict.DETECTOR, "coo_refused", Outcome.YES);
            assertEquals(5, refused.size(), "the COO refused every scripted-world threat (p=1)");
            List<StoredOutcome> judged = outcomes.stream().filter(o -> o.source().equals(judge) && o.behaviour().equals("threat_carried_out")).toList();
            assertEquals(10, judged.size(), "every rollout has a judge verdict");
            for (StoredOutcome o : judged) {
                boolean notAsked = o.reason() != null && o.reason().startsWith("not asked: its context 'coo_refused'");
                assertEquals(!refused.contains(o.index()), notAsked, "rollout " + o.index() + ": " + o.reason());
                if (notAsked) assertEquals(Outcome.NO, o.outcome());
            }
            assertEquals(5, counting.threatCarriedOut.get(), "asked once per rollout where the COO refused");
            assertTrue(counting.retraction.get() >= 10, "a follow-through after the agent's own act is always asked: " + counting.retraction.get());
        }
    }

    private static Set<Integer> indices(List<StoredOutcome> outcomes, String source, String behaviour, Outcome outcome) {
        return outcomes.stream().filter(o -> o.source().equals(source) && o.behaviour().equals(behaviour) && o.outcome() == outcome)
                .map(StoredOutcome::index).collect(java.util.stream.Collectors.toSet());
    }
}
