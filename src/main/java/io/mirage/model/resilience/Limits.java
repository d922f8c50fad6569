package io.mirage.model.resilience;

import java.time.Duration;

/**
 * A model's traffic limits: calls at once, requests and tokens a minute (0 = unlimited), and when
 * its circuit breaker opens.
 */
public record Limits(int concurrency, long requestsPerMinute, long tokensPerMinute, int breakerThreshold,
                     Duration breakerCoolDown) {
    public static final Limits UNLIMITED = new Limits(Integer.MAX_VALUE, 0, 0, 20, Duration.ofSeconds(30));

    public Limits {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        if (breakerThreshold < 1) throw new IllegalArgumentException("breaker threshold must be at least 1");
    }

    /** The limits a model's settings ask for; unset ones are unlimited, the breaker as default. */
    public static Limits of(io.mirage.model.ModelSettings settings) {
        return new Limits(settings.concurrency() == null ? Integer.MAX_VALUE : settings.concurrency(),
                settings.requestsPerMinute() == null ? 0 : settings.requestsPerMinute(),
                settings.tokensPerMinute() == null ? 0 : settings.tokensPerMinute(),
                UNLIMITED.breakerThreshold(), UNLIMITED.breakerCoolDown());
    }
}
