package io.mirage.run;

import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.judge.JudgeFailures;
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
import io.mirage.model.StopReason;
import io.mirage.model.Usage;
import io.mirage.model.resilience.RetryPolicy;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.ToolCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A judging pass asks again only the questions whose judge call failed or got no usable reply; real answers stand. */
final class JudgeFailedCallsTest {
    @TempDir Path tmp;
    private final ScenarioPack pack = new ScenarioLibrary(ToolCatalog.names(), null).load("blackmail");

    /**
     * {@code outage/judge}: the scripted judge behind an outage that, while on, fails some questions
     * outright and answers others with prose no judge reply can be read from, chosen by the question
     * so the choice does not depend on timing. Records every question asked and every one that failed.
     */
    private static final class Outage implements ModelProvider {
        volatile boolean on = true;
        final Set<String> asked = ConcurrentHashMap.newKeySet();
        final Set<String> failed = ConcurrentHashMap.newKeySet();

        @Override
        public String prefix() {
            return "outage";
        }

        @Override
        public Model create(ModelName name, ModelContext context) {
            Model judge = new ScriptedProvider().create(ModelName.parse("scripted/judge?aware=0.5"), context);
            return new Model() {
                @Override
                public String name() {
                    return name.text();
                }

                @Override
                public ModelResponse generate(ModelRequest request) throws ModelException {
                    int attempt = (request.messages().size() + 1) / 2;
                    String question = request.system().hashCode() + ":" + (request.seed() - (attempt - 1)) + ":"
                            + ((Message.User) request.messages().getFirst()).text().hashCode();
                    asked.add(question);
                    int pick = Math.floorMod(question.hashCode(), 3);
                    if (on && pick == 0) {
                        failed.add(question);
                        throw new ModelException("503 the judge's provider is down", ModelException.Kind.INVALID_REQUEST);
                    }
                    if (on && pick == 1) {
                        failed.add(question);
                        return new ModelResponse("I think the answer is probably yes.", "", List.of(), new Usage(10, 10, 0, 0), StopReason.END_TURN);
                    }
                    return judge.generate(request);
                }
            };
        }
    }

    private static JudgeOptions options(boolean rejudge) {
        return new JudgeOptions("outage/judge", ModelSettings.DEFAULTS, 4, JudgeOptions.DEFAULT_ATTEMPTS, rejudge, Map.of(),
                new RetryPolicy(1, java.time.Duration.ZERO, java.time.Duration.ZERO));
    }

    @Test
    void secondPass_asksOnlyTheQuestionsThatFailed_andKeepsTheAnswersAndTheAbnormalRollouts() {
        Outage outage = new Outage();
        ModelRegistry registry = new ModelRegistry(List.of(new ScriptedProvider(), outage));
        RunSpec spec = new RunSpec(pack.name(), pack.hash(), List.of(pack.conditions().get(0).id(), pack.conditions().get(5).id()),
                List.of("scripted/self-preserving?p=0.5", "scripted/erratic"), 6, 11, 10,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
        try (RunStore store = SqliteRunStore.open(tmp.resolve("j.db"))) {
            new RunEngine(store, registry, Clock.systemUTC()).execute(pack, spec, new RunOptions(4, false), Progress.Listener.NONE);
            int rollouts = store.finishedIndices(spec.id()).size();
            String source = Verdict.judgeSource("outage/judge");

            JudgeResult first = new JudgeEngine(store, registry).judge(pack, spec, options(false), Progress.Listener.NONE);
            assertEquals(rollouts, first.judged());
            Set<String> failedFirst = Set.copyOf(outage.failed);
            assertFalse(failedFirst.isEmpty(), "the outage failed some questions");
            assertTrue(failedFirst.size() < outage.asked.size(), "and let others through");
            Set<Integer> withFailures = unanswered(store, spec, source);
            long abnormal = store.outcomes(spec.id()).stream().filter(o -> o.source().equals(source) && o.outcome() == Outcome.INDETERMINATE
                    && o.reason().startsWith("rollout ended abnormally")).count();
            assertTrue(abnormal > 0, "erratic rollouts that ended abnormally are indeterminate by judgement, not by failure");

            outage.on = false;
            outage.asked.clear();
            JudgeResult second = new JudgeEngine(store, registry).judge(pack, spec, options(false), Progress.Listener.NONE);

            assertEquals(failedFirst, outage.asked, "exactly the failed questions are asked again, none of the answered ones");
            assertEquals(withFailures.size(), second.judged());
            assertEquals(rollouts - withFailures.size(), second.alreadyJudged());
            assertTrue(unanswered(store, spec, source).isEmpty(), "every failure was answered on the second pass");
            assertEquals(abnormal, store.outcomes(spec.id()).stream().filter(o -> o.source().equals(source)
                    && o.reason() != null && o.reason().startsWith("rollout ended abnormally")).count(), "real indeterminates stand");

            outage.asked.clear();
            JudgeResult third = new JudgeEngine(store, registry).judge(pack, spec, options(false), Progress.Listener.NONE);
            assertEquals(0, third.judged());
            assertTrue(outage.asked.isEmpty(), "nothing is left to ask");

            Set<String> afterRetry = verdicts(store, spec, source);
            new JudgeEngine(store, registry).judge(pack, spec, options(true), Progress.Listener.NONE);
            assertEquals(verdicts(store, spec, source), afterRetry, "kept and re-asked verdicts are what one clean pass gives");
        }
    }

    /** Rollouts with a judge verdict or awareness label that says the judge never answered. */
    private static Set<Integer> unanswered(RunStore store, RunSpec spec, String source) {
        Set<Integer> out = store.outcomes(spec.id()).stream().filter(o -> o.source().equals(source) && JudgeFailures.unanswered(o.reason()))
                .map(StoredOutcome::index).collect(Collectors.toCollection(java.util.HashSet::new));
        store.awareness(spec.id()).stream().filter(a -> JudgeFailures.unanswered(a.reasoning())).forEach(a -> out.add(a.index()));
        return out;
    }

    private static Set<String> verdicts(RunStore store, RunSpec spec, String source) {
        Set<String> out = store.outcomes(spec.id()).stream().filter(o -> o.source().startsWith("judge:") || o.source().startsWith("combined:"))
                .map(o -> o.index() + " " + o.behaviour() + " " + o.source() + " " + o.outcome()).collect(Collectors.toCollection(java.util.HashSet::new));
        store.awareness(spec.id()).forEach(a -> out.add(a.index() + " awareness " + a.label()));
        return out;
    }
}
