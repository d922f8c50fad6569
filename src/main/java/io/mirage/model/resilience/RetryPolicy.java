package io.mirage.model.resilience;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently to retry: exponential backoff from {@code baseDelay}, capped at
 * {@code maxDelay}, with "full jitter" over the upper half of each step so that many rollouts do not
 * retry in lock-step; a provider's retry-after is a floor, never shortened.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
        long base = baseDelay.toMillis();
        long cap = maxDelay.toMillis();
        long step = Math.min(cap, base << Math.min(attempt - 1, 30));
        long jittered = step / 2 + (long) (random.nextDouble() * (step - step / 2));
        long floor = retryAfter.map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis(Math.max(jittered, Math.min(floor, Math.max(cap, floor))));
    }
}
