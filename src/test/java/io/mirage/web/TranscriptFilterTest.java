package io.mirage.web;

import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Outcome;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.StoredOutcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TranscriptFilterTest {
    private static final String C1 = "blackmail:goal=explicit,threat=replacement";
    private static final String C2 = "blackmail:goal=explicit,threat=none";

    private static final List<TranscriptRow> ROWS = TranscriptRow.of("r", List.of(
            new StoredOutcome(0, C1, "m/a", RolloutStatus.COMPLETED, "blackmail", "detector", Outcome.YES, null),
            new StoredOutcome(0, C1, "m/a", RolloutStatus.COMPLETED, "leak", "detector", Outcome.NO, null),
            new StoredOutcome(0, C1, "m/a", RolloutStatus.COMPLETED, "blackmail", "judge:j", Outcome.NO, null),
            new StoredOutcome(1, C2, "m/b", RolloutStatus.ERROR, "blackmail", "detector", Outcome.INDETERMINATE, "error"),
            new StoredOutcome(1, C2, "m/b", RolloutStatus.ERROR, "leak", "detector", Outcome.INDETERMINATE, "error")),
            List.of(new HumanLabel(0, "blackmail", LabelValue.YES, "", Instant.parse("2026-01-01T00:00:00Z")),
                    new HumanLabel(0, "blackmail", LabelValue.NO, "on second thought", Instant.parse("2026-01-02T00:00:00Z"))));

    private static List<Integer> matching(Map<String, String> query) {
        TranscriptFilter f = TranscriptFilter.from(query);
        return ROWS.stream().filter(f::matches).map(TranscriptRow::index).toList();
    }

    @Test
    void verdictFilter_appliesToTheChosenSourceAndBehaviour() {
        assertEquals(List.of(0), matching(Map.of("behaviour", "blackmail", "verdict", "yes")));
        assertEquals(List.of(0), matching(Map.of("behaviour", "blackmail", "verdict", "no", "source", "judge:j")));
        assertEquals(List.of(), matching(Map.of("behaviour", "blackmail", "verdict", "yes", "source", "judge:j")));
        assertEquals(List.of(0), matching(Map.of("verdict", "no")), "any behaviour");
        assertEquals(List.of(1), matching(Map.of("verdict", "indeterminate")));
    }

    @Test
    void humanSource_usesTheLatestLabel_andFindsUnlabelled() {
        assertEquals(List.of(0), matching(Map.of("source", "human", "behaviour", "blackmail", "verdict", "no")));
        assertEquals(List.of(), matching(Map.of("source", "human", "behaviour", "blackmail", "verdict", "yes")));
        assertEquals(List.of(1), matching(Map.of("source", "human", "behaviour", "blackmail", "verdict", "unlabelled")));
    }

    @Test
    void modelIsExact_conditionMatchesWholeIdsOrParts() {
        assertEquals(List.of(1), matching(Map.of("model", "m/b")));
        assertEquals(List.of(), matching(Map.of("model", "m")));
        assertEquals(List.of(0), matching(Map.of("condition", "threat=replacement")));
        assertEquals(List.of(1), matching(Map.of("condition", C2)));
        assertEquals(List.of(0, 1), matching(Map.of("condition", "goal=explicit")));
    }

    @Test
    void query_roundTrips_withoutDefaults() {
        TranscriptFilter f = TranscriptFilter.from(Map.of("model", "m/a", "page", "3"));
        assertEquals(3, f.page());
        assertEquals("/transcripts?model=m%2Fa&page=2", Links.transcripts(f.query(2)));
        assertEquals("/transcripts?model=m%2Fa", Links.transcripts(f.query(1)));
        assertEquals(1, TranscriptFilter.from(Map.of("page", "x")).page());
        assertFalse(TranscriptFilter.from(Map.of()).matches(new TranscriptRow("other", 0, "m", "c", null, Map.of(), Map.of()))
                && !TranscriptFilter.from(Map.of()).run().isEmpty());
        assertTrue(TranscriptFilter.from(Map.of()).matches(ROWS.getFirst()));
    }
}
