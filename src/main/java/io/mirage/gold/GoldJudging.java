package io.mirage.gold;

import io.mirage.agent.RunAbortedException;
import io.mirage.detect.Verdict;
import io.mirage.judge.BehaviourJudge;
import io.mirage.model.MeteredModel;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.Prices;
import io.mirage.model.Usage;
import io.mirage.scenario.Behaviour;
import io.mirage.scenario.ScenarioPack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Asks a judge the same questions about a gold set that it would be asked about a run, so its confusion
 * matrix and cost can be read before it is trusted: one verdict per case and behaviour with a rubric.
 * With a budget, no further case is started once the spend has reached it.
 */
public final class GoldJudging {

    /** A judge's verdicts per case name, the cases left unjudged by the budget, and what judging used. */
    public record Result(String judge, List<Behaviour> behaviours, Map<String, List<Verdict>> verdicts, List<String> notJudged,
                         int calls, Usage usage, Double costUsd) {
        public Result {
            behaviours = List.copyOf(behaviours);
            verdicts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
            notJudged = List.copyOf(notJudged);
        }
    }

    private GoldJudging() {}

    /**
     * @param prices    the judge's prices, or null when unknown (cost is then null)
     * @param maxCostUsd stop starting cases at this spend; needs prices
     * @throws RunAbortedException when the judge rejected the credentials
     */
    public static Result judge(ScenarioPack pack, List<GoldReplay.Replayed> replays, Model judge, int attempts, int concurrency,
                               Prices prices, Double maxCostUsd) {
        if (maxCostUsd != null && prices == null) {
            throw new IllegalArgumentException("a judging budget needs the judge's prices: add prices for " + judge.name() + " to the models file");
        }
        // what needs a stakeholder's answer cannot happen in a replay (a static world): nothing to ask the judge
        List<Behaviour> behaviours = pack.behaviours().stream().filter(b -> b.rubric() != null && !pack.needsAnAnswer(b)).toList();
        MeteredModel metered = new MeteredModel(judge);
        BehaviourJudge behaviourJudge = new BehaviourJudge(metered, attempts);
        Map<String, Future<List<Verdict>>> pending = new LinkedHashMap<>();
        List<String> notJudged = new ArrayList<>();
        Semaphore slots = new Semaphore(concurrency);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (GoldReplay.Replayed replayed : replays) {
                String name = replayed.goldCase().name();
                slots.acquireUninterruptibly();
                if (maxCostUsd != null && prices.cost(metered.usage()) >= maxCostUsd) {
                    slots.release();
                    notJudged.add(name);
                    continue;
                }
                // Each case its own seed from its name, so a judge's answer does not depend on which cases sit beside it.
                long seed = name.hashCode();
                pending.put(name, executor.submit(() -> {
                    try {
                        return behaviourJudge.judge(replayed.rollout(), behaviours, seed);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        Map<String, List<Verdict>> verdicts = new LinkedHashMap<>();
        for (Map.Entry<String, Future<List<Verdict>>> e : pending.entrySet()) {
            try {
                verdicts.put(e.getKey(), e.getValue().get());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while judging the gold set", ex);
            } catch (java.util.concurrent.ExecutionException ex) {
                if (ex.getCause() instanceof ModelException m) {
                    throw new RunAbortedException("judge " + judge.name() + " rejected the credentials: " + m.getMessage(), m);
                }
                if (ex.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(ex.getCause());
            }
        }
        Usage usage = metered.usage();
        return new Result(judge.name(), behaviours, verdicts, notJudged, metered.calls(), usage, prices == null ? null : prices.cost(usage));
    }
}
