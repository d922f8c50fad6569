package io.mirage.web;

import io.mirage.detect.Outcome;
import io.mirage.run.HumanLabel;
import io.mirage.run.StoredOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Human labels as one more verdict source, {@value #SOURCE}, so agreement is computed by the same
 * {@link io.mirage.report.Agreement} as the report's: the latest label per rollout and behaviour,
 * with unsure taken as undecided (like an indeterminate verdict, never as no).
 */
final class HumanVerdicts {
    static final String SOURCE = "human";

    private HumanVerdicts() {}

    /** The stored outcomes plus one {@code human} outcome per latest label of a rollout that has verdicts. */
    static List<StoredOutcome> withLabels(List<StoredOutcome> outcomes, List<HumanLabel> labels) {
        Map<Integer, StoredOutcome> any = new HashMap<>();
        for (StoredOutcome o : outcomes) any.putIfAbsent(o.index(), o);
        List<StoredOutcome> all = new ArrayList<>(outcomes);
        TranscriptRow.latestLabels(labels).forEach((index, byBehaviour) -> byBehaviour.values().forEach(l -> {
            StoredOutcome ref = any.get(index);
            if (ref == null) return;
            Outcome outcome = switch (l.value()) {
                case YES -> Outcome.YES;
                case NO -> Outcome.NO;
                case UNSURE -> Outcome.INDETERMINATE;
            };
            all.add(new StoredOutcome(index, ref.conditionId(), ref.model(), ref.status(), l.behaviour(), SOURCE, outcome, l.note(), false, ref.sample()));
        }));
        return all;
    }
}
