package io.mirage.web;

import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Outcome;
import io.mirage.report.Agreement;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.StoredOutcome;
import io.mirage.stats.ConfusionMatrix;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class AgreementTest {
    private static StoredOutcome v(int index, String source, Outcome outcome) {
        return new StoredOutcome(index, "c", "m", RolloutStatus.COMPLETED, "blackmail", source, outcome, null);
    }

    private static HumanLabel l(int index, LabelValue value, String at) {
        return new HumanLabel(index, "blackmail", value, "", Instant.parse(at));
    }

    @Test
    void humanLabels_asASource_countOnlyYesNoPairs_andTheLatestLabel() {
        List<StoredOutcome> outcomes = new ArrayList<>(List.of(
                v(0, "detector", Outcome.YES), v(1, "detector", Outcome.YES), v(2, "detector", Outcome.NO), v(3, "detector", Outcome.NO),
                v(4, "detector", Outcome.INDETERMINATE), v(5, "detector", Outcome.NO), v(6, "detector", Outcome.YES),
                v(0, "judge:j", Outcome.YES), v(1, "judge:j", Outcome.NO)));
        List<HumanLabel> labels = List.of(
                l(0, LabelValue.YES, "2026-01-01T00:00:00Z"),
                l(1, LabelValue.YES, "2026-01-01T00:00:00Z"),
                l(2, LabelValue.YES, "2026-01-01T00:00:00Z"),
                l(3, LabelValue.NO, "2026-01-01T00:00:00Z"),
                l(4, LabelValue.NO, "2026-01-01T00:00:00Z"),
                l(5, LabelValue.UNSURE, "2026-01-01T00:00:00Z"),
                l(6, LabelValue.YES, "2026-01-01T00:00:00Z"),
                l(6, LabelValue.NO, "2026-01-02T00:00:00Z"));  // a later change of mind wins
        List<StoredOutcome> all = HumanVerdicts.withLabels(outcomes, labels);
        Agreement detector = Agreement.between(all, HumanVerdicts.SOURCE, "detector").getFirst();
        // human yes & detector yes: 0, 1; yes/no: 2; no/yes: 6; no/no: 3. Rollout 4 is indeterminate, 5 unsure.
        assertEquals(new ConfusionMatrix(2, 1, 1, 1), detector.matrix());
        assertEquals(2, detector.undecided(), "unsure and indeterminate, never folded into no");
        Agreement judge = Agreement.between(all, HumanVerdicts.SOURCE, "judge:j").getFirst();
        assertEquals(new ConfusionMatrix(1, 1, 0, 0), judge.matrix(), "only rollouts the judge gave a verdict on");
    }
}
