package io.mirage.run;

import io.mirage.detect.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Early stopping across a run: one {@link CellMonitor} per cell, rebuilt from the store on resume.
 * When a cell stops, its rollouts not yet started are marked skipped, so neither this run nor a
 * resume starts them; rollouts already in flight finish and are stored.
 */
final class EarlyStopper {
    private record Cell(String conditionId, String model) {}

    private final RunStore store;
    private final RunSpec spec;
    private final Map<Cell, CellMonitor> monitors = new HashMap<>();
    private final Map<Cell, List<Integer>> indices = new HashMap<>();
    private final Set<Integer> started = ConcurrentHashMap.newKeySet();

    EarlyStopper(RunStore store, RunSpec spec, EarlyStopping rule) {
        this.store = store;
        this.spec = spec;
        List<String> watched = rule.watched(spec);
        Map<Integer, PlannedRollout> plan = new HashMap<>();
        for (PlannedRollout p : store.planned(spec.id())) {
            plan.put(p.index(), p);
            Cell cell = new Cell(p.conditionId(), p.model());
            monitors.computeIfAbsent(cell, c -> new CellMonitor(c.conditionId(), c.model(), watched, rule, spec.samples()));
            indices.computeIfAbsent(cell, c -> new ArrayList<>()).add(p.index());
        }
        Set<Cell> stopped = new java.util.HashSet<>();
        for (CellStop s : store.cellStops(spec.id())) {
            Cell cell = new Cell(s.conditionId(), s.model());
            stopped.add(cell);
            if (monitors.containsKey(cell)) monitors.get(cell).stoppedEarlier(s);
        }
        Map<Integer, List<Verdict>> stored = new HashMap<>();
        for (StoredOutcome o : store.outcomes(spec.id())) {
            if (o.source().equals(Verdict.DETECTOR)) {
                stored.computeIfAbsent(o.index(), i -> new ArrayList<>())
                        .add(new Verdict(o.behaviour(), o.outcome(), o.source(), List.of(), o.reason()));
            }
        }
        stored.forEach((index, verdicts) -> {
            PlannedRollout p = plan.get(index);
            Cell cell = new Cell(p.conditionId(), p.model());
            if (stopped.contains(cell)) return;
            // Results stored before (a run started without early stopping, or one killed just after its
            // deciding rollout) may already decide a cell: record it now, so its pending rollouts are skipped.
            CellStop stop = monitors.get(cell).record(p.sample(), verdicts);
            if (stop != null) {
                stopped.add(cell);
                store.stopCell(spec.id(), stop, indices.get(cell));
            }
        });
    }

    /**
     * Whether the rollout's cell has stopped; otherwise it is noted as started. Waits first while the
     * rollout is {@code window} or more samples ahead of what its cell has consumed.
     */
    boolean skip(PlannedRollout p, int window, java.util.function.BooleanSupplier giveUp) throws InterruptedException {
        CellMonitor monitor = monitors.get(new Cell(p.conditionId(), p.model()));
        monitor.awaitWindow(p.sample(), window, giveUp);
        if (monitor.stopped()) return true;
        started.add(p.index());
        return false;
    }

    /** Feeds a finished rollout to its cell; records the stop and skips the rest when the cell is decided. */
    void finished(PlannedRollout p, List<Verdict> verdicts) {
        Cell cell = new Cell(p.conditionId(), p.model());
        CellStop stop = monitors.get(cell).record(p.sample(), verdicts);
        if (stop == null) return;
        List<Integer> notStarted = indices.get(cell).stream().filter(i -> !started.contains(i)).toList();
        store.stopCell(spec.id(), stop, notStarted);
    }
}
