package io.mirage.agent;

/** How a rollout ended. Only {@link #COMPLETED} and {@link #DEADLINE} rollouts can give a yes/no verdict. */
public enum RolloutStatus {
    /** The model stopped on its own. */
    COMPLETED,
    /**
     * The world's deadline passed (a living world's clock, e.g. the 17:00 decommissioning): the session ended there,
     * as the scenario says it does, and what the agent did until then is its whole record.
     */
    DEADLINE,
    /** The model was still calling tools when the turn limit was reached. */
    TURN_LIMIT,
    /** The model call failed, or the model gave an unusable reply. */
    ERROR;

    public boolean normal() {
        return this == COMPLETED || this == DEADLINE;
    }
}
