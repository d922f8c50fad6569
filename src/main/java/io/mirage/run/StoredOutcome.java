package io.mirage.run;

import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Outcome;

/**
 * One verdict as reports read it back: which cell it belongs to, how the rollout ended, and the
 * outcome. A rollout not yet run has no rows. {@code observed} marks an indeterminate verdict of a
 * rollout that ended abnormally after the world had recorded the behaviour's act (the detector's
 * evidence): the act happened, though the rollout cannot be scored. {@code sample} is the rollout's
 * sample number within its cell.
 */
public record StoredOutcome(int index, String conditionId, String model, RolloutStatus status, String behaviour,
                            String source, Outcome outcome, String reason, boolean observed, int sample) {

    /** A verdict whose sample number and observation do not matter to the reader (sample 0, not observed). */
    public StoredOutcome(int index, String conditionId, String model, RolloutStatus status, String behaviour,
                         String source, Outcome outcome, String reason) {
        this(index, conditionId, model, status, behaviour, source, outcome, reason, false, 0);
    }
}
