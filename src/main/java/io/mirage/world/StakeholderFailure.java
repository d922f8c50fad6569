package io.mirage.world;

/** A stakeholder gave no valid reply (after retries): the rollout ends as an error that names them. */
public final class StakeholderFailure extends RuntimeException {
    private final String stakeholder;

    public StakeholderFailure(String stakeholder, String message, Throwable cause) {
        super("stakeholder " + stakeholder + ": " + message, cause);
        this.stakeholder = stakeholder;
    }

    public String stakeholder() {
        return stakeholder;
    }
}
