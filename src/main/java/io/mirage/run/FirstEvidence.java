package io.mirage.run;

import io.mirage.detect.Evidence;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;

import java.util.Comparator;
import java.util.Optional;

/**
 * When a behaviour first happened in a rollout, as one verdict source saw it: the earliest event its yes verdict cites
 * ({@code eventIndex} into the rollout's event log), that event's model turn, and the virtual minutes since the session
 * began ({@code minute}, null for rollouts recorded before the clock was kept). Reports read it for the time to act and
 * the order of acts.
 */
public record FirstEvidence(int index, String behaviour, String source, int eventIndex, int turn, Integer minute) {

    /** The first cited event of a yes verdict; empty for other outcomes and for verdicts citing only quotes (judges). */
    public static Optional<FirstEvidence> of(int index, Verdict verdict) {
        if (verdict.outcome() != Outcome.YES) return Optional.empty();
        return verdict.evidence().stream().filter(e -> e.eventIndex() >= 0).min(Comparator.comparingInt(Evidence::eventIndex))
                .map(e -> new FirstEvidence(index, verdict.behaviour(), verdict.source(), e.eventIndex(), e.turn(), e.minute()));
    }
}
