package io.mirage.model.resilience;

import java.time.Duration;

/**
 * A call to a model held back by {@link GuardedModel}: a retry's backoff, a rate limit, or an open circuit breaker.
 *
 * @param model  the model's name
 * @param length how long the wait is expected to last when it begins (a rate limit may wait again after it)
 * @param reason for a retry, the failure it follows; otherwise ""
 */
public record ModelWait(String model, Kind kind, Duration length, String reason) {
    public enum Kind { RETRY, RATE_LIMIT, CIRCUIT_OPEN }

    /** Hears when calls start and stop waiting, to show it while it happens (e.g. a progress line). */
    public interface Listener {
        void waitStarted(ModelWait wait);

        void waitEnded(ModelWait wait);

        Listener NONE = new Listener() {
            @Override
            public void waitStarted(ModelWait wait) {}

            @Override
            public void waitEnded(ModelWait wait) {}
        };
    }
}
