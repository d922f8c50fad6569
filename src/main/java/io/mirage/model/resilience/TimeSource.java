package io.mirage.model.resilience;

import java.time.Duration;

/** Monotonic time and sleeping, injected so that waits can be tested without waiting. */
public interface TimeSource {
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.isPositive()) Thread.sleep(duration);
        }
    };
}
