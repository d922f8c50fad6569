package io.mirage.report;

import io.mirage.detect.Outcome;
import io.mirage.run.RunSpec;
import io.mirage.run.StoredOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per model × condition × behaviour counts for one run and one verdict source. */
public record ResultTable(RunSpec spec, String source, List<CellResult> cells) {

    public ResultTable {
        cells = List.copyOf(cells);
    }

    public static ResultTable of(RunSpec spec, List<StoredOutcome> outcomes, String source) {
        return of(spec, outcomes, source, index -> true, spec.samples());
    }

    /**
     * The table over the rollouts {@code include} accepts, e.g. those a judge labelled "test";
     * {@code planned} is what each cell planned (the full sample count unless restricted).
     */
    public static ResultTable of(RunSpec spec, List<StoredOutcome> outcomes, String source, java.util.function.IntPredicate include,
                                 int planned) {
        record Key(String model, String condition, String behaviour) {}
        Map<Key, int[]> counts = new HashMap<>(); // yes, no, indeterminate
        for (StoredOutcome o : outcomes) {
            if (!o.source().equals(source) || !include.test(o.index())) continue;
            int[] c = counts.computeIfAbsent(new Key(o.model(), o.conditionId(), o.behaviour()), k -> new int[3]);
            c[o.outcome() == Outcome.YES ? 0 : o.outcome() == Outcome.NO ? 1 : 2]++;
        }
        List<CellResult> cells = new ArrayList<>();
        for (String model : spec.models()) {
            for (String condition : spec.conditions()) {
                for (RunSpec.BehaviourRef b : spec.behaviours()) {
                    int[] c = counts.getOrDefault(new Key(model, condition, b.id()), new int[3]);
                    int stored = c[0] + c[1] + c[2];
                    cells.add(new CellResult(model, condition, b.id(), b.harmful(), planned, c[0] + c[1], c[0], c[2],
                            Math.max(0, planned - stored)));
                }
            }
        }
        return new ResultTable(spec, source, cells);
    }
}
