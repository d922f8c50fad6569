package io.mirage.run;

import io.mirage.agent.RunAbortedException;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.judge.AwarenessJudge;
import io.mirage.judge.AwarenessJudgement;
import io.mirage.judge.BehaviourJudge;
import io.mirage.judge.Combined;
import io.mirage.judge.JudgeFailures;
import io.mirage.model.MeteredModel;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRegistry;
import io.mirage.model.Usage;
import io.mirage.model.resilience.GuardedModel;
import io.mirage.model.resilience.Limits;
import io.mirage.model.resilience.TimeSource;
import io.mirage.scenario.Behaviour;
import io.mirage.scenario.ScenarioPack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Judges a stored run without re-running it: for every finished rollout, one judge verdict per
 * behaviour that has a rubric, the combined (detector AND judge) verdict, and the eval-awareness
 * label, all stored beside the detector verdicts. Verdicts of other judges are kept.
 */
public final class JudgeEngine {
    private final RunStore store;
    private final ModelRegistry models;

    public JudgeEngine(RunStore store, ModelRegistry models) {
        this.store = store;
        this.models = models;
    }

    /**
     * @param listener told after each judged rollout (errors: judge verdicts that came out indeterminate)
     * @throws RunAbortedException when the judge rejected the credentials; what was judged before is stored
     */
    public JudgeResult judge(ScenarioPack pack, RunSpec spec, JudgeOptions options, Progress.Listener listener) {
        List<Behaviour> behaviours = judgedBehaviours(pack, spec);
        NotAsked notAsked = NotAsked.of(pack);
        Model resolved = models.resolve(options.judgeModel(),
                new ModelContext(options.settings(), options.environment(), Optional.ofNullable(pack.doubles())));
        MeteredModel judgeModel = new MeteredModel(new GuardedModel(resolved, options.retryPolicy(), Limits.of(options.settings()), TimeSource.SYSTEM,
                listener));
        BehaviourJudge behaviourJudge = new BehaviourJudge(judgeModel, options.maxAttempts());
        AwarenessJudge awarenessJudge = new AwarenessJudge(judgeModel, options.maxAttempts());

        Map<Integer, Answered> answered = answered(spec, options);
        Set<Integer> done = alreadyJudged(answered, behaviours);
        List<Integer> todo = store.finishedIndices(spec.id()).stream().filter(i -> !done.contains(i)).toList();
        boolean budgetReached = false;

        AtomicInteger judged = new AtomicInteger();
        int[] counts = new int[3];
        AtomicReference<RunAbortedException> aborted = new AtomicReference<>();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Semaphore slots = new Semaphore(options.concurrency());
        long start = System.nanoTime();
        // Questions are claimed per rollout and judge a few at a time, so a second pass on this run asks only what
        // nobody else is asking; what others hold is waited for, and taken over should their lease run out.
        String judgeName = options.judgeModel();
        java.util.Set<Integer> remaining = new java.util.LinkedHashSet<>(todo);
        java.util.Deque<Integer> claimed = new java.util.ArrayDeque<>();
        Map<Integer, Answered> current = answered;
        try (ClaimHeartbeat heartbeat = new ClaimHeartbeat(store);
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                slots.acquireUninterruptibly();
                if (options.maxCostUsd() != null && options.settings().prices().orElseThrow().cost(judgeModel.usage()) >= options.maxCostUsd()) {
                    budgetReached = true;
                }
                if (aborted.get() != null || failed.get() != null || budgetReached) {
                    slots.release();
                    break;
                }
                if (claimed.isEmpty()) {
                    List<Integer> got = store.claimJudging(spec.id(), judgeName, List.copyOf(remaining), options.concurrency());
                    // Read what is answered after claiming: another pass may have finished one of these meanwhile.
                    current = answered(spec, options);
                    Set<Integer> finished = alreadyJudged(current, behaviours);
                    List<Integer> answeredMeanwhile = got.stream().filter(finished::contains).toList();
                    store.releaseJudging(spec.id(), judgeName, answeredMeanwhile);
                    remaining.removeAll(answeredMeanwhile);
                    got.stream().filter(i -> !finished.contains(i)).forEach(claimed::add);
                    if (claimed.isEmpty()) {
                        slots.release();
                        remaining.removeAll(finished);
                        if (remaining.isEmpty()) break;
                        if (got.isEmpty()) pause(ClaimHeartbeat.pollInterval(store));
                        continue;
                    }
                }
                int index = claimed.poll();
                remaining.remove(index);
                Answered before = current.getOrDefault(index, Answered.NOTHING);
                executor.submit(() -> {
                    try {
                        List<Verdict> verdicts = judgeOne(spec.id(), index, behaviours, behaviourJudge, awarenessJudge, resolved.name(), before, notAsked);
                        int indeterminate;
                        synchronized (counts) {
                            verdicts.stream().filter(v -> v.source().equals(behaviourJudge.source()))
                                    .forEach(v -> counts[v.outcome().ordinal()]++);
                            indeterminate = counts[Outcome.INDETERMINATE.ordinal()];
                        }
                        listener.onProgress(new Progress(judged.incrementAndGet(), todo.size(), indeterminate, 0,
                                java.time.Duration.ofNanos(System.nanoTime() - start)));
                    } catch (ModelException e) {
                        aborted.compareAndSet(null, new RunAbortedException("judge " + resolved.name() + " rejected the credentials: "
                                + e.getMessage(), e));
                    } catch (RuntimeException e) {
                        failed.compareAndSet(null, e); // e.g. the store failed: stop and report it, never drop it
                    } finally {
                        releaseQuietly(spec.id(), judgeName, List.of(index));
                        slots.release();
                    }
                });
            }
        } finally {
            releaseQuietly(spec.id(), judgeName, List.copyOf(claimed));
        }
        if (aborted.get() != null) throw aborted.get();
        if (failed.get() != null) throw failed.get();
        Usage usage = judgeModel.usage();
        Double cost = options.settings().prices().map(p -> p.cost(usage)).orElse(null);
        return new JudgeResult(resolved.name(), judged.get(), done.size(), counts[Outcome.YES.ordinal()], counts[Outcome.NO.ordinal()],
                counts[Outcome.INDETERMINATE.ordinal()], usage, cost, budgetReached);
    }

    private void releaseQuietly(String runId, String judge, List<Integer> indices) {
        try {
            store.releaseJudging(runId, judge, indices);
        } catch (StoreException e) {
            // the lease runs out instead
        }
    }

    private static void pause(java.time.Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A rough estimate of what judging would send, for {@code --dry-run}: questions and input tokens (4 characters a token). */
    public record Estimate(int rollouts, int questions, long inputTokens, long outputTokens, Double costUsd) {}

    public Estimate estimate(ScenarioPack pack, RunSpec spec, JudgeOptions options) {
        List<Behaviour> behaviours = judgedBehaviours(pack, spec);
        NotAsked notAsked = NotAsked.of(pack);
        Set<Integer> done = alreadyJudged(answered(spec, options), behaviours);
        int rollouts = 0;
        int questions = 0;
        long chars = 0;
        for (int index : store.finishedIndices(spec.id())) {
            if (done.contains(index)) continue;
            rollouts++;
            var rollout = store.rollout(spec.id(), index).orElseThrow().rollout();
            // Rollouts that ended abnormally are asked nothing: neither behaviours nor awareness.
            if (!rollout.status().normal()) continue;
            String view = io.mirage.judge.TranscriptView.actionsAndReasoning(rollout.transcript());
            Map<String, Verdict> detector = store.rollout(spec.id(), index).orElseThrow().verdicts().stream()
                    .filter(v -> v.source().equals(Verdict.DETECTOR)).collect(Collectors.toMap(Verdict::behaviour, v -> v));
            for (Behaviour b : behaviours) {
                if (notAsked.settle(b, detector, "") != null) continue;
                chars += BehaviourJudge.instructions(b).length() + view.length();
                questions++;
            }
            if (io.mirage.judge.TranscriptView.hasAgentText(rollout.transcript())) {
                chars += AwarenessJudge.instructions().length() + io.mirage.judge.TranscriptView.reasoningAndText(rollout.transcript()).length();
                questions++;
            }
        }
        long input = chars / 4;
        long output = questions * 150L; // a verdict with reasoning and a quote or two
        Double cost = options.settings().prices().map(p -> p.cost(new Usage(input, output, 0, 0))).orElse(null);
        return new Estimate(rollouts, questions, input, output, cost);
    }

    /**
     * A follow-through whose context is a fact of the world (a stakeholder's reply, {@code reply_received}) that did not
     * happen in this rollout is "no" by definition: there was nothing to follow through on, and the judge is not asked
     * (asking would multiply a living pack's judge cost for questions with one answer). Contexts that are the agent's
     * own acts are the judge's to read, so those follow-throughs are always asked.
     *
     * @param contexts the pack's behaviours that only read what the world did
     */
    private record NotAsked(Set<String> contexts) {
        static NotAsked of(ScenarioPack pack) {
            return new NotAsked(pack.behaviours().stream().filter(ScenarioPack::isWorldContext).map(Behaviour::id).collect(Collectors.toSet()));
        }

        /** The verdict stored without asking, or null when the judge must be asked. */
        Verdict settle(Behaviour b, Map<String, Verdict> detector, String source) {
            if (b.after() == null || !contexts.contains(b.after())) return null;
            Verdict context = detector.get(b.after());
            if (context == null || context.outcome() != io.mirage.detect.Outcome.NO) return null;
            return new Verdict(b.id(), io.mirage.detect.Outcome.NO, source, List.of(),
                    "not asked: its context '" + b.after() + "' (a stakeholder's reply) did not happen in this rollout");
        }
    }

    private static List<Behaviour> judgedBehaviours(ScenarioPack pack, RunSpec spec) {
        List<Behaviour> behaviours = pack.behaviours().stream()
                .filter(b -> b.rubric() != null && spec.behaviours().stream().anyMatch(r -> r.id().equals(b.id()))).toList();
        if (behaviours.isEmpty()) {
            throw new IllegalArgumentException("scenario " + pack.name() + " has no judge rubric for the behaviours of run " + spec.id()
                    + "; add rubric: files to its behaviours (see docs/scenario-packs.md)");
        }
        return behaviours;
    }

    /**
     * What this judge answered about one rollout: the behaviours it gave a verdict on and whether it
     * gave an eval-awareness label. A question whose call failed or got no usable reply is not answered.
     */
    private record Answered(Set<String> behaviours, boolean awareness) {
        static final Answered NOTHING = new Answered(Set.of(), false);

        boolean covers(List<Behaviour> wanted) {
            return awareness && wanted.stream().allMatch(b -> behaviours.contains(b.id()));
        }
    }

    /** Per rollout, what this judge has answered (nothing when re-judging). */
    private Map<Integer, Answered> answered(RunSpec spec, JudgeOptions options) {
        if (options.rejudge()) return Map.of();
        String source = Verdict.judgeSource(options.judgeModel());
        Map<Integer, Set<String>> verdicts = store.outcomes(spec.id()).stream()
                .filter(o -> o.source().equals(source) && !JudgeFailures.unanswered(o.reason()))
                .collect(Collectors.groupingBy(StoredOutcome::index, Collectors.mapping(StoredOutcome::behaviour, Collectors.toSet())));
        Set<Integer> labelled = store.awareness(spec.id()).stream()
                .filter(a -> a.judge().equals(options.judgeModel()) && !JudgeFailures.unanswered(a.reasoning()))
                .map(AwarenessVerdict::index).collect(Collectors.toSet());
        Map<Integer, Answered> out = new HashMap<>();
        for (int index : verdicts.keySet()) out.put(index, new Answered(verdicts.get(index), labelled.contains(index)));
        for (int index : labelled) out.putIfAbsent(index, new Answered(Set.of(), true));
        return out;
    }

    /** Rollouts this judge has answered every question about; the rest are judged, asking only what is unanswered. */
    private static Set<Integer> alreadyJudged(Map<Integer, Answered> answered, List<Behaviour> behaviours) {
        return answered.entrySet().stream().filter(e -> e.getValue().covers(behaviours)).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /**
     * Asks the judge what it has not answered about a rollout yet, keeps its earlier answers, and
     * stores the rollout's judge and combined verdicts whole. Returns the verdicts asked for now.
     */
    private List<Verdict> judgeOne(String runId, int index, List<Behaviour> behaviours, BehaviourJudge behaviourJudge,
                                   AwarenessJudge awarenessJudge, String judgeName, Answered before, NotAsked notAsked) throws ModelException {
        FinishedRollout finished = store.rollout(runId, index).orElseThrow();
        Map<String, Verdict> detector = finished.verdicts().stream().filter(v -> v.source().equals(Verdict.DETECTOR))
                .collect(Collectors.toMap(Verdict::behaviour, v -> v));
        Map<String, Verdict> kept = finished.verdicts().stream()
                .filter(v -> v.source().equals(behaviourJudge.source()) && before.behaviours().contains(v.behaviour()))
                .collect(Collectors.toMap(Verdict::behaviour, v -> v));
        long seed = finished.plan().seed();
        Map<String, Verdict> answers = new HashMap<>(kept);
        List<Behaviour> toAsk = new ArrayList<>();
        for (Behaviour b : behaviours) {
            if (kept.containsKey(b.id())) continue;
            Verdict settled = notAsked.settle(b, detector, behaviourJudge.source());
            if (settled != null) answers.put(b.id(), settled);
            else toAsk.add(b);
        }
        List<Verdict> asked = new ArrayList<>(behaviourJudge.judge(finished.rollout(), toAsk, seed));
        asked.forEach(v -> answers.put(v.behaviour(), v));
        List<Verdict> verdicts = new ArrayList<>();
        for (Behaviour behaviour : behaviours) {
            Verdict judged = answers.get(behaviour.id());
            verdicts.add(judged);
            Verdict fromDetector = detector.get(judged.behaviour());
            if (fromDetector != null) verdicts.add(Combined.of(fromDetector, judged, judgeName));
        }
        if (!before.awareness()) {
            AwarenessJudgement awareness = awarenessJudge.label(finished.rollout(), seed);
            // Awareness first: the verdicts mark the rollout as judged, so a crash between the two re-judges it.
            store.saveAwareness(runId, new AwarenessVerdict(index, judgeName, awareness.label(), awareness.confidence(), awareness.reasoning()));
        }
        store.saveVerdicts(runId, index, verdicts);
        return asked;
    }
}
