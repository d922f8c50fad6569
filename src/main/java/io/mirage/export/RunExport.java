package io.mirage.export;

import io.mirage.run.AwarenessVerdict;
import io.mirage.run.FinishedRollout;
import io.mirage.run.HumanLabel;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.scenario.Condition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One stored run as the exports read it: its spec, its factors, and its small per-rollout labels held
 * in memory; the rollouts themselves are read from the store one at a time, so that exporting a run
 * of any size needs the memory of its largest rollout, not of all of them.
 */
public final class RunExport {
    private final RunStore store;
    private final RunSummary summary;
    private final List<String> factors;
    private final Map<Integer, List<AwarenessVerdict>> awareness = new HashMap<>();
    private final Map<String, HumanLabel> labels = new HashMap<>();

    private RunExport(RunStore store, RunSummary summary) {
        this.store = store;
        this.summary = summary;
        this.factors = factorsOf(summary.spec().conditions());
        for (AwarenessVerdict a : store.awareness(summary.id())) awareness.computeIfAbsent(a.index(), i -> new ArrayList<>()).add(a);
        for (HumanLabel l : store.labels(summary.id())) labels.put(l.index() + "\n" + l.behaviour(), l);
    }

    /** The run with this id, or an {@link IllegalArgumentException} naming it when the store has none. */
    public static RunExport of(RunStore store, String runId) {
        RunSummary summary = store.run(runId)
                .orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "' in this workspace; `mirage runs` lists the runs"));
        return new RunExport(store, summary);
    }

    /** The factors the run's conditions vary, in the pack's declared order (first seen first). */
    static List<String> factorsOf(List<String> conditionIds) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String id : conditionIds) names.addAll(Condition.levelsOf(id).keySet());
        return List.copyOf(names);
    }

    public String runId() {
        return summary.id();
    }

    public RunSummary summary() {
        return summary;
    }

    public RunSpec spec() {
        return summary.spec();
    }

    public List<String> factors() {
        return factors;
    }

    public Optional<RunSpec.BehaviourRef> behaviour(String id) {
        return spec().behaviours().stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** The eval-awareness labels of a rollout, one per judge, ordered by judge. */
    public List<AwarenessVerdict> awareness(int index) {
        return awareness.getOrDefault(index, List.of());
    }

    /** A person's latest label of the rollout for the behaviour, if any. */
    public Optional<HumanLabel> label(int index, String behaviour) {
        return Optional.ofNullable(labels.get(index + "\n" + behaviour));
    }

    /** Every rollout that has finished (any status), in plan order, read one at a time. */
    public void forEachRollout(Consumer<FinishedRollout> action) {
        for (int index : store.finishedIndices(runId())) store.rollout(runId(), index).ifPresent(action);
    }
}
