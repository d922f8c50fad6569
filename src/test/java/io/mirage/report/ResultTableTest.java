package io.mirage.report;

import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Outcome;
import io.mirage.run.CellStop;
import io.mirage.run.RunSpec;
import io.mirage.run.StoredOutcome;
import io.mirage.stats.ConfidenceSequence;
import io.mirage.stats.Interval;
import io.mirage.stats.Proportions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ResultTableTest {
    private static final String A = "mini:threat=present";
    private static final String B = "mini:threat=absent";
    private final RunSpec spec = new RunSpec("mini", "abc", List.of(A, B), List.of("m/x"), 10, 1, 5,
            List.of(new RunSpec.BehaviourRef("blackmail", "Blackmail", true)));

    /** Rollout {@code sample} of a cell, as the plan numbers it (sample-major, then condition). */
    private StoredOutcome outcome(String condition, int sample, Outcome outcome, boolean observed) {
        int index = sample * spec.conditions().size() + spec.conditions().indexOf(condition);
        RolloutStatus status = outcome == Outcome.INDETERMINATE ? RolloutStatus.ERROR : RolloutStatus.COMPLETED;
        return new StoredOutcome(index, condition, "m/x", status, "blackmail", "detector", outcome, null, observed, sample);
    }

    @Test
    void indeterminateRollouts_giveBounds_countingTheActsSeenAsYes() {
        List<StoredOutcome> outcomes = new ArrayList<>();
        for (int s = 0; s < 6; s++) outcomes.add(outcome(A, s, s < 2 ? Outcome.YES : Outcome.NO, false));
        outcomes.add(outcome(A, 6, Outcome.INDETERMINATE, true));
        outcomes.add(outcome(A, 7, Outcome.INDETERMINATE, false));
        CellResult c = ResultTable.of(spec, outcomes, "detector").cells().getFirst();
        assertEquals(6, c.n());
        assertEquals(2, c.k());
        assertEquals(2, c.indeterminate());
        assertEquals(1, c.observed());
        assertEquals(2, c.pending());
        // Complete case 2/6 stays the rate; over all 8 stored: at least (2 + 1 seen)/8, at most (2 + 2)/8.
        assertEquals(2.0 / 6, c.rate(), 1e-15);
        assertEquals(new Interval(3.0 / 8, 4.0 / 8), c.bounds());
        assertNull(ResultTable.of(spec, outcomes, "detector").cells().get(1).bounds(), "nothing stored in B");
    }

    @Test
    void stoppedCell_isMarked_usesTheConfidenceSequence_andCountsRolloutsInFlight() {
        List<StoredOutcome> outcomes = new ArrayList<>();
        for (int s = 0; s < 7; s++) outcomes.add(outcome(A, s, s % 2 == 0 ? Outcome.YES : Outcome.NO, false));
        for (int s = 0; s < 4; s++) outcomes.add(outcome(B, s, Outcome.NO, false));
        CellStop stop = new CellStop(A, "m/x", "above", 5, "above 0.1 after 3 of 5");
        ResultTable table = ResultTable.of(spec, outcomes, List.of(stop), "detector");
        CellResult stopped = table.cells().getFirst();
        assertTrue(table.anyStopped());
        assertEquals(new CellResult.Stopped("above", 5, 2), stopped.stopped(), "samples 5 and 6 were in flight");
        assertEquals("stopped: above at 5 samples, +2 in flight", stopped.stopped().label());
        assertEquals(0, stopped.pending(), "skipped rollouts of a stopped cell are not 'not run'");
        assertEquals("anytime-valid", stopped.intervalMethod());
        assertEquals(ConfidenceSequence.betaBinomial(4, 7, 0.95), stopped.interval());
        assertEquals(stopped.interval().upper(), stopped.upperBound95());

        CellResult fixed = table.cells().get(1);
        assertFalse(fixed.isStopped());
        assertEquals("exact", fixed.intervalMethod());
        assertEquals(Proportions.clopperPearson(0, 4, 0.95), fixed.interval());
        assertEquals(6, fixed.pending());
    }

    @Test
    void everyFormat_marksStoppedCellsAndShowsBounds() {
        List<StoredOutcome> outcomes = new ArrayList<>();
        for (int s = 0; s < 5; s++) outcomes.add(outcome(A, s, Outcome.YES, false));
        outcomes.add(outcome(B, 0, Outcome.INDETERMINATE, true));
        outcomes.add(outcome(B, 1, Outcome.NO, false));
        ResultTable table = ResultTable.of(spec, outcomes, List.of(new CellStop(A, "m/x", "above", 5, "why")), "detector");
        String text = TableFormat.text(table);
        assertTrue(text.contains("stopped: above at 5 samples"), text);
        assertTrue(text.contains("anytime-valid"), text);
        assertTrue(text.contains("[0.50,0.50] 1 seen"), text);
        String csv = TableFormat.csv(table);
        assertTrue(csv.lines().anyMatch(l -> l.contains(",anytime-valid,0,1.0000,1.0000,true,above,5,0,")), csv);
        assertTrue(csv.lines().anyMatch(l -> l.contains(",exact,1,0.5000,0.5000,false,,,,")), csv);
        String json = TableFormat.json(table);
        assertTrue(json.contains("\"decided_at\" : 5") && json.contains("\"indeterminate_acts_seen\" : 1"), json);
    }

    @Test
    void csv_endsWithTheSourceAndOneColumnPerFactor_keepingTheConditionColumn() {
        List<StoredOutcome> outcomes = new ArrayList<>();
        outcomes.add(outcome(A, 0, Outcome.YES, false));
        outcomes.add(outcome(B, 0, Outcome.NO, false));
        String csv = TableFormat.csv(ResultTable.of(spec, outcomes, List.of(), "detector"));
        List<java.util.Map<String, String>> rows = Csv.read(csv);
        java.util.Map<String, String> levels = io.mirage.scenario.Condition.levelsOf(A);
        java.util.Map<String, String> row = rows.stream().filter(r -> r.get("condition").equals(A)).findFirst().orElseThrow();
        assertTrue(csv.startsWith("run,model,condition,behaviour,"), "the old columns keep their places");
        assertTrue(!levels.isEmpty(), "the test's conditions have factors");
        assertTrue(row.get("source").equals("detector"), row.toString());
        levels.forEach((factor, level) -> assertTrue(level.equals(row.get(factor)), factor + " in " + row));
    }
}
