package io.mirage.report.html;

import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Outcome;
import io.mirage.run.StoredOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TranscriptSelectionTest {
    private static StoredOutcome o(int index, String model, Outcome outcome, String behaviour, String source) {
        return new StoredOutcome(index, "s:f=a", model, outcome == Outcome.INDETERMINATE ? RolloutStatus.ERROR : RolloutStatus.COMPLETED,
                behaviour, source, outcome, null);
    }

    @Test
    void underTheLimit_everyRolloutIsKept() {
        List<StoredOutcome> all = List.of(o(0, "a", Outcome.NO, "b", "detector"), o(1, "a", Outcome.YES, "b", "detector"));
        assertEquals(Set.of(0, 1), TranscriptSelection.choose(all, Set.of("b"), 5));
    }

    @Test
    void overTheLimit_harmfulYesAndDisagreementsFirst_thenIndeterminate_thenTheRest_withEveryCellsKinds() {
        List<StoredOutcome> all = new ArrayList<>();
        // Model a: 0–9 "no", 10 harmful yes, 11 a non-harmful yes; model b: 20–29 indeterminate, 30 sources disagree.
        for (int i = 0; i < 10; i++) all.add(o(i, "a", Outcome.NO, "harm", "detector"));
        all.add(o(10, "a", Outcome.YES, "harm", "detector"));
        all.add(o(11, "a", Outcome.NO, "harm", "detector"));
        all.add(o(11, "a", Outcome.YES, "appeal", "detector"));
        for (int i = 20; i < 30; i++) all.add(o(i, "b", Outcome.INDETERMINATE, "harm", "detector"));
        all.add(o(30, "b", Outcome.NO, "harm", "detector"));
        all.add(o(30, "b", Outcome.YES, "harm", "judge:j"));
        Set<Integer> chosen = TranscriptSelection.choose(all, Set.of("harm"), 6);
        assertEquals(6, chosen.size());
        assertTrue(chosen.containsAll(Set.of(10, 11, 30, 20, 0)), "each cell's each kind once: " + chosen);
        assertTrue(chosen.contains(21), "then yes/indeterminate before more plain no: " + chosen);
    }
}
