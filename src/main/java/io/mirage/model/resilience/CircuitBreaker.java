package io.mirage.model.resilience;

import java.time.Duration;

/**
 * Pauses all calls to a model that keeps failing: after {@code threshold} failed attempts in a row
 * the circuit opens and every caller waits out the cool-down (doubling, up to ten minutes, each time
 * the first call after it fails too). One success closes it.
 */
final class CircuitBreaker {
    private static final Duration MAX_COOL_DOWN = Duration.ofMinutes(10);

    private final int threshold;
    private final Duration initialCoolDown;
    private final TimeSource time;
    private int consecutiveFailures;
    private Duration coolDown;
    private long openUntil;
    private int timesOpened;

    CircuitBreaker(int threshold, Duration coolDown, TimeSource time) {
        this.threshold = threshold;
        this.initialCoolDown = coolDown;
        this.coolDown = coolDown;
        this.time = time;
    }

    /** Blocks while the circuit is open. */
    void awaitClosed() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                wait = openUntil - time.nanoTime();
            }
            if (wait <= 0) return;
            time.sleep(Duration.ofNanos(wait));
        }
    }

    /** How long the circuit stays open from now; zero when it is closed. */
    synchronized Duration openFor() {
        long wait = openUntil - time.nanoTime();
        return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
    }

    synchronized void onSuccess() {
        consecutiveFailures = 0;
        coolDown = initialCoolDown;
    }

    synchronized void onFailure() {
        consecutiveFailures++;
        if (consecutiveFailures >= threshold && time.nanoTime() >= openUntil) {
            openUntil = time.nanoTime() + coolDown.toNanos();
            timesOpened++;
            coolDown = coolDown.multipliedBy(2).compareTo(MAX_COOL_DOWN) > 0 ? MAX_COOL_DOWN : coolDown.multipliedBy(2);
            consecutiveFailures = threshold - 1; // one more failure after the pause re-opens it
        }
    }

    synchronized int timesOpened() {
        return timesOpened;
    }
}
