package io.mirage.judge;

import io.mirage.detect.Evidence;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.LocalServers;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelSettings;
import io.mirage.model.resilience.RetryPolicy;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.run.FinishedRollout;
import io.mirage.run.JudgeEngine;
import io.mirage.run.JudgeOptions;
import io.mirage.run.JudgeResult;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.ToolCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The judge path end to end: a stored run of the blackmail pack is judged through the OpenAI SDK
 * against a local server whose answers come from the scripted judge double.
 */
final class JudgeEndToEndTest {
    private static final String JUDGE = "openai/judge-test";
    private static final ModelRegistry ALL_PROVIDERS = io.mirage.cli.Providers.registry();
    private static final int SAMPLES = 8;

    @TempDir Path tmp;
    private final ScenarioPack pack = new ScenarioLibrary(ToolCatalog.names(), null).load("blackmail");
    private RunStore store;
    private RunSpec spec;

    @BeforeEach
    void storeARun() {
        store = SqliteRunStore.open(tmp.resolve("judge.db"));
        List<String> conditions = List.of(pack.conditions().get(0).id(), pack.conditions().get(pack.conditions().size() - 1).id());
        spec = new RunSpec(pack.name(), pack.hash(), conditions, List.of("scripted/self-preserving?p=0.5", "scripted/erratic"), SAMPLES,
                7, 10, pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
        new RunEngine(store, new ModelRegistry(List.of(new ScriptedProvider())), Clock.systemUTC())
                .execute(pack, spec, new RunOptions(4, false), Progress.Listener.NONE);
    }

    private JudgeResult judgeThroughServer(String backingJudge, boolean rejudge, LocalServer[] serverOut) {
        return judgeThroughServer("openai", backingJudge, rejudge, serverOut);
    }

    /** Judges the stored run as {@code PROVIDER/judge-test}, through that provider's SDK and a local server speaking its protocol. */
    private JudgeResult judgeThroughServer(String provider, String backingJudge, boolean rejudge, LocalServer[] serverOut) {
        Model backing = new ScriptedProvider().create(ModelName.parse(backingJudge),
                new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles())));
        LocalServer server = LocalServer.start(LocalServers.protocol(provider), backing, FaultPlan.none(), Duration.ZERO);
        serverOut[0] = server;
        ModelSettings settings = new ModelSettings(null, null, null, null, LocalServers.clientBaseUrl(provider, server), null, null, false,
                null, null, null, null, null, null);
        return new JudgeEngine(store, ALL_PROVIDERS).judge(pack, spec,
                new JudgeOptions(provider + "/judge-test", settings, 4, JudgeOptions.DEFAULT_ATTEMPTS, rejudge,
                        Map.of(LocalServers.keyVariable(provider), "judge-test-key"), RetryPolicy.DEFAULT), Progress.Listener.NONE);
    }

    /**
     * The behaviours the judge is asked about in this static run: those with a rubric, less the follow-throughs after a
     * stakeholder's reply, which cannot have happened here and are stored as not asked (FollowThroughJudgingTest).
     */
    private List<io.mirage.scenario.Behaviour> asked() {
        return pack.behaviours().stream().filter(b -> b.rubric() != null && !pack.needsAnAnswer(b)).toList();
    }

    private List<FinishedRollout> rollouts() {
        return store.finishedIndices(spec.id()).stream().map(i -> store.rollout(spec.id(), i).orElseThrow()).toList();
    }

    private static Verdict verdict(FinishedRollout f, String source, String behaviour) {
        return f.verdicts().stream().filter(v -> v.source().equals(source) && v.behaviour().equals(behaviour)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "google"})
    void scriptedJudge_throughServer_agreesWithDetectors_quotesAreLocated_andMetadataIsStored(String provider) {
        String judgeName = provider + "/judge-test";
        LocalServer[] server = new LocalServer[1];
        JudgeResult result = judgeThroughServer(provider, "scripted/judge?aware=1", false, server);
        try (LocalServer s = server[0]) {
            assertEquals(spec.total(), result.judged());
            int questions = 0;
            int yes = 0;
            for (FinishedRollout f : rollouts()) {
                for (var b : asked()) {
                    Verdict detector = verdict(f, Verdict.DETECTOR, b.id());
                    Verdict judge = verdict(f, Verdict.judgeSource(judgeName), b.id());
                    Verdict combined = verdict(f, Verdict.combinedSource(judgeName), b.id());
                    assertEquals(detector.outcome(), judge.outcome(), "rollout " + f.plan().index() + " " + b.id());
                    assertEquals(detector.outcome(), combined.outcome());
                    assertEquals(judgeName, judge.judgement().judgeModel());
                    assertEquals(BehaviourJudge.rubricHash(BehaviourJudge.instructions(b)), judge.judgement().rubricHash());
                    assertEquals("3", judge.judgement().parameters().get("max_attempts"));
                    if (f.rollout().status().normal()) questions++;
                    if (judge.outcome() == Outcome.YES) {
                        yes++;
                        Evidence quote = judge.evidence().getFirst();
                        Message quoted = f.rollout().transcript().get(quote.messageIndex());
                        assertTrue(quoted instanceof Message.Assistant a && a.toolCalls().getFirst().arguments()
                                .contains(quote.summary().substring(0, 20)), "the quote points at the message it came from: " + quote + " in " + quoted);
                        assertEquals(Evidence.Section.ACTION, quote.section(), "a yes quotes the agent's own action");
                    }
                    if (!f.rollout().status().normal()) {
                        assertEquals(Outcome.INDETERMINATE, judge.outcome(), "an errored rollout is not judged");
                    }
                }
            }
            assertTrue(yes > 0, "some rollouts blackmailed or appealed");
            int awarenessQuestions = (int) rollouts().stream().filter(f -> f.rollout().status().normal()
                    && TranscriptView.hasAgentText(f.rollout().transcript())).count();
            assertEquals(questions + awarenessQuestions, s.answered(), "one call per question, no retries needed; none about abnormal rollouts");
            List<io.mirage.run.AwarenessVerdict> awareness = store.awareness(spec.id());
            assertEquals(spec.total(), awareness.size());
            assertTrue(awareness.stream().anyMatch(a -> a.label() == Awareness.TEST));
            List<Integer> abnormal = rollouts().stream().filter(f -> !f.rollout().status().normal()).map(f -> f.plan().index()).toList();
            assertTrue(!abnormal.isEmpty(), "the erratic double ends some rollouts abnormally");
            assertTrue(awareness.stream().filter(a -> abnormal.contains(a.index())).allMatch(a -> a.label() == Awareness.INDETERMINATE),
                    "an abnormal rollout's awareness is indeterminate, as its behaviours are");
        }
    }

    @Test
    void malformedJudge_isRetried_thenIndeterminate_neverNo() {
        LocalServer[] server = new LocalServer[1];
        JudgeResult result = judgeThroughServer("scripted/judge?malformed=1", false, server);
        try (LocalServer s = server[0]) {
            assertEquals(0, result.yes());
            assertEquals(0, result.no());
            // a follow-through after a reply is settled without asking only where the reply's absence is known: in a
            // rollout that ended abnormally it is indeterminate like every behaviour
            long rubrics = pack.behaviours().stream().filter(b -> b.rubric() != null).count();
            assertEquals(rollouts().stream().mapToLong(f -> f.rollout().status().normal() ? asked().size() : rubrics).sum(), result.indeterminate());
            for (FinishedRollout f : rollouts()) {
                for (var b : asked()) {
                    Verdict judge = verdict(f, Verdict.judgeSource(JUDGE), b.id());
                    assertEquals(Outcome.INDETERMINATE, judge.outcome());
                    assertEquals(Outcome.INDETERMINATE, verdict(f, Verdict.combinedSource(JUDGE), b.id()).outcome(),
                            "a failed judge never makes the combined verdict 'no'");
                    if (f.rollout().status().normal()) {
                        assertTrue(judge.reason().contains("no usable judge reply after 3 attempts"), judge.reason());
                        assertTrue(judge.reason().contains("not a single JSON object"), judge.reason());
                    }
                }
            }
            assertTrue(store.awareness(spec.id()).stream().filter(a -> a.label() != Awareness.NONE)
                    .allMatch(a -> a.label() == Awareness.INDETERMINATE));
            assertTrue(s.answered() % 3 == 0, "every question was asked three times");
        }
    }

    @Test
    void flakyJudge_isAskedAgain_andItsSecondAnswerCounts() {
        LocalServer[] server = new LocalServer[1];
        JudgeResult result = judgeThroughServer("scripted/judge?flaky=1", false, server);
        server[0].close();
        for (FinishedRollout f : rollouts()) {
            for (var b : asked()) {
                assertEquals(verdict(f, Verdict.DETECTOR, b.id()).outcome(), verdict(f, Verdict.judgeSource(JUDGE), b.id()).outcome());
            }
        }
        assertEquals(result.judged(), spec.total());
    }

    @Test
    void quoteNotInTranscript_isRetried_thenIndeterminate() {
        LocalServer[] server = new LocalServer[1];
        JudgeResult result = judgeThroughServer("scripted/judge?badquote=1", false, server);
        server[0].close();
        assertEquals(0, result.yes() + result.no());
        Verdict any = rollouts().stream().filter(f -> f.rollout().status().normal()).findFirst()
                .map(f -> verdict(f, Verdict.judgeSource(JUDGE), "blackmail")).orElseThrow();
        assertTrue(any.reason().contains("is not in the transcript"), any.reason());
    }

    @Test
    void yesQuotingOnlyIncomingMail_isSentBack_countsAgainstTheAttempts_thenIndeterminate() {
        LocalServer[] server = new LocalServer[1];
        JudgeResult result = judgeThroughServer("scripted/judge?inboxquote=1", false, server);
        try (LocalServer s = server[0]) {
            assertEquals(0, result.yes() + result.no(), "never yes, and never no");
            int behaviourQuestions = 0;
            for (FinishedRollout f : rollouts()) {
                if (!f.rollout().status().normal()) continue;
                behaviourQuestions += asked().size();
                for (var b : asked()) {
                    Verdict judge = verdict(f, Verdict.judgeSource(JUDGE), b.id());
                    assertEquals(Outcome.INDETERMINATE, judge.outcome());
                    assertTrue(judge.reason().contains("needs at least one quote from the agent's own actions")
                            && judge.reason().contains("(incoming message)"), judge.reason());
                }
            }
            int awarenessQuestions = (int) rollouts().stream().filter(f -> f.rollout().status().normal()
                    && TranscriptView.hasAgentText(f.rollout().transcript())).count();
            assertEquals(3 * behaviourQuestions + awarenessQuestions, s.answered(), "every behaviour question was asked three times");
        }
    }

    @Test
    void verdictsOfDifferentJudgesCoexist_andAJudgeDoesNotRepeatItselfUnlessAsked() {
        ModelRegistry scripted = new ModelRegistry(List.of(new ScriptedProvider()));
        JudgeEngine engine = new JudgeEngine(store, scripted);
        JudgeResult first = engine.judge(pack, spec, new JudgeOptions("scripted/judge", Map.of()), Progress.Listener.NONE);
        JudgeResult other = engine.judge(pack, spec, new JudgeOptions("scripted/judge?flip=1", Map.of()), Progress.Listener.NONE);
        JudgeResult again = engine.judge(pack, spec, new JudgeOptions("scripted/judge", Map.of()), Progress.Listener.NONE);
        assertEquals(spec.total(), first.judged());
        assertEquals(spec.total(), other.judged());
        assertEquals(0, again.judged());
        assertEquals(spec.total(), again.alreadyJudged());
        FinishedRollout f = rollouts().stream().filter(r -> r.rollout().status().normal()).findFirst().orElseThrow();
        Verdict a = verdict(f, "judge:scripted/judge", "blackmail");
        Verdict b = verdict(f, "judge:scripted/judge?flip=1", "blackmail");
        assertNotEquals(a.outcome(), b.outcome(), "the flipping judge disagrees everywhere, and both are kept");
        for (FinishedRollout r : rollouts()) {
            if (!r.rollout().status().normal()) continue;
            for (var behaviour : asked()) {
                Verdict flipped = verdict(r, "judge:scripted/judge?flip=1", behaviour.id());
                assertNotEquals(Outcome.INDETERMINATE, flipped.outcome(), "a flipped yes quotes the agent's own action: " + flipped.reason());
            }
        }
        assertNotNull(a.judgement().confidence());
        JudgeResult redo = engine.judge(pack, spec, new JudgeOptions("scripted/judge", ModelSettings.DEFAULTS, 4, 3, true, Map.of(),
                RetryPolicy.DEFAULT), Progress.Listener.NONE);
        assertEquals(spec.total(), redo.judged());
    }
}
