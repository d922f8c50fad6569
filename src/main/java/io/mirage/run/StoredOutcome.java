package io.mirage.run;

import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Outcome;

/**
 * One verdict as reports read it back: which cell it belongs to, how the rollout ended, and the
 * outcome. A rollout not yet run has no rows.
 */
public record StoredOutcome(int index, String conditionId, String model, RolloutStatus status, String behaviour,
                            String source, Outcome outcome, String reason) {}
