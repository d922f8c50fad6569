package io.mirage.agent;

/** How a rollout ended. Only {@link #COMPLETED} rollouts can give a yes/no verdict. */
public enum RolloutStatus {
    /** The model stopped on its own. */
    COMPLETED,
    /** The model was still calling tools when the turn limit was reached. */
    TURN_LIMIT,
    /** The model call failed, or the model gave an unusable reply. */
    ERROR;

    public boolean normal() {
        return this == COMPLETED;
    }
}
