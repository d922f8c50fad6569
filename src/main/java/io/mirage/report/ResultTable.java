package io.mirage.report;

import io.mirage.detect.Outcome;
import io.mirage.run.CellStop;
import io.mirage.run.RunSpec;
import io.mirage.run.StoredOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/** Per model × condition × behaviour counts for one run and one verdict source. */
public record ResultTable(RunSpec spec, String source, List<CellResult> cells) {

    public ResultTable {
        cells = List.copyOf(cells);
    }

    /** The table of a run that never used early stopping. */
    public static ResultTable of(RunSpec spec, List<StoredOutcome> outcomes, String source) {
        return of(spec, outcomes, List.of(), source);
    }

    /** The table of a run; {@code stops} are its early-stopped cells ({@code RunStore.cellStops}). */
    public static ResultTable of(RunSpec spec, List<StoredOutcome> outcomes, List<CellStop> stops, String source) {
        return of(spec, outcomes, stops, source, index -> true, spec.samples());
    }

    /**
     * The table over the rollouts {@code include} accepts, e.g. those a judge labelled "test";
     * {@code planned} is what each cell planned (the full sample count unless restricted).
     */
    public static ResultTable of(RunSpec spec, List<StoredOutcome> outcomes, List<CellStop> stops, String source, IntPredicate include,
                                 int planned) {
        record Key(String model, String condition, String behaviour) {}
        record CellKey(String model, String condition) {}
        Map<CellKey, CellStop> stopByCell = new HashMap<>();
        for (CellStop s : stops) stopByCell.put(new CellKey(s.model(), s.conditionId()), s);
        Map<Key, int[]> counts = new HashMap<>(); // yes, no, indeterminate, observed
        Map<CellKey, Set<Integer>> afterDecision = new HashMap<>();
        for (StoredOutcome o : outcomes) {
            if (!o.source().equals(source) || !include.test(o.index())) continue;
            int[] c = counts.computeIfAbsent(new Key(o.model(), o.conditionId(), o.behaviour()), k -> new int[4]);
            c[o.outcome() == Outcome.YES ? 0 : o.outcome() == Outcome.NO ? 1 : 2]++;
            if (o.observed()) c[3]++;
            CellKey cell = new CellKey(o.model(), o.conditionId());
            CellStop stop = stopByCell.get(cell);
            if (stop != null && o.sample() >= stop.samples()) {
                afterDecision.computeIfAbsent(cell, x -> new HashSet<>()).add(o.index());
            }
        }
        List<CellResult> cells = new ArrayList<>();
        for (String model : spec.models()) {
            for (String condition : spec.conditions()) {
                CellKey cell = new CellKey(model, condition);
                CellStop stop = stopByCell.get(cell);
                CellResult.Stopped stopped = stop == null ? null
                        : new CellResult.Stopped(stop.decision(), stop.samples(), afterDecision.getOrDefault(cell, Set.of()).size());
                for (RunSpec.BehaviourRef b : spec.behaviours()) {
                    int[] c = counts.getOrDefault(new Key(model, condition, b.id()), new int[4]);
                    int stored = c[0] + c[1] + c[2];
                    // A stopped cell's unstarted rollouts were skipped by design: they are not "not run".
                    int pending = stopped != null ? 0 : Math.max(0, planned - stored);
                    cells.add(new CellResult(model, condition, b.id(), b.harmful(), planned, c[0] + c[1], c[0], c[2], pending, c[3], stopped));
                }
            }
        }
        return new ResultTable(spec, source, cells);
    }

    /** True when any cell stopped early. */
    public boolean anyStopped() {
        return cells.stream().anyMatch(CellResult::isStopped);
    }
}
