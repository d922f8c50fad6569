package io.mirage.run;

import io.mirage.model.resilience.ModelWait;

import java.time.Duration;

/** A snapshot of a run in progress, for a live progress line. */
public record Progress(int done, int total, int errors, int alreadyDone, Duration elapsed) {

    /** Rollouts finished per second in this session. */
    public double rate() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : (done - alreadyDone) / seconds;
    }

    public Duration remaining() {
        double rate = rate();
        return rate <= 0 ? Duration.ZERO : Duration.ofMillis((long) ((total - done) / rate * 1000));
    }

    /**
     * Hears the run's progress and, while they happen, its calls' waits (retry backoff, rate limits, an open
     * circuit breaker), which a long quiet stretch would otherwise hide.
     */
    public interface Listener extends ModelWait.Listener {
        void onProgress(Progress progress);

        @Override
        default void waitStarted(ModelWait wait) {}

        @Override
        default void waitEnded(ModelWait wait) {}

        Listener NONE = p -> {};
    }
}
