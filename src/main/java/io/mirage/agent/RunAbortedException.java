package io.mirage.agent;

/**
 * A failure that no other rollout can escape either (a rejected API key): the run must stop at once,
 * and the rollout that met it is not stored, so it never becomes a verdict.
 */
public final class RunAbortedException extends RuntimeException {
    public RunAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
