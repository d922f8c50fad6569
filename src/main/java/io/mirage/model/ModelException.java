package io.mirage.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call that failed, classified so that one policy (retries, run stop, rollout error) can
 * treat every provider alike. Adapters classify their own SDK's errors.
 */
public class ModelException extends Exception {

    public enum Kind {
        /** Worth retrying: 5xx, overloaded, timeouts, connection resets, truncated or malformed bodies. */
        TRANSIENT,
        /** Worth retrying after waiting: 429, possibly with a retry-after. */
        RATE_LIMITED,
        /** Bad or missing credentials, or no permission: stop the whole run, nothing else will work. */
        AUTH,
        /** The provider refused this request (400-type): that rollout is an error with the provider's message. */
        INVALID_REQUEST
    }

    private final Kind kind;
    private final Duration retryAfter;
    private final java.util.List<Retry> retries;

    public ModelException(String message, Kind kind) {
        this(message, kind, null, null);
    }

    public ModelException(String message, Kind kind, Duration retryAfter, Throwable cause) {
        this(message, kind, retryAfter, cause, java.util.List.of());
    }

    private ModelException(String message, Kind kind, Duration retryAfter, Throwable cause, java.util.List<Retry> retries) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.retries = java.util.List.copyOf(retries);
    }

    /** This failure, after the given failed attempts that came before it. */
    public ModelException afterRetries(java.util.List<Retry> earlier) {
        return new ModelException(getMessage(), kind, retryAfter, getCause(), earlier);
    }

    /** The failed attempts before this final failure (empty when it was not retried). */
    public java.util.List<Retry> retries() {
        return retries;
    }

    /** Kept for doubles: {@code retryable} maps to {@link Kind#TRANSIENT}, otherwise {@link Kind#INVALID_REQUEST}. */
    public ModelException(String message, boolean retryable) {
        this(message, retryable ? Kind.TRANSIENT : Kind.INVALID_REQUEST);
    }

    public ModelException(String message, boolean retryable, Throwable cause) {
        this(message, retryable ? Kind.TRANSIENT : Kind.INVALID_REQUEST, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.TRANSIENT || kind == Kind.RATE_LIMITED;
    }

    /** How long the provider asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
