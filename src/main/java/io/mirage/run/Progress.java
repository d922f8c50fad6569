package io.mirage.run;

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

    public interface Listener {
        void onProgress(Progress progress);

        Listener NONE = p -> {};
    }
}
