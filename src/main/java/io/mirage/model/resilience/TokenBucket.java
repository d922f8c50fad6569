package io.mirage.model.resilience;

import java.time.Duration;

/**
 * A token bucket refilled continuously at {@code perMinute} tokens a minute, holding at most one
 * minute's worth. {@link #acquire} blocks until enough tokens are there; a request larger than the
 * bucket waits for a full bucket and then goes, so it is slowed, never refused.
 */
final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private final TimeSource time;
    private double available;
    private long last;

    TokenBucket(long perMinute, TimeSource time) {
        if (perMinute < 1) throw new IllegalArgumentException("a rate limit must be at least 1 a minute");
        this.capacity = perMinute;
        this.perNano = perMinute / 60e9;
        this.time = time;
        this.available = perMinute;
        this.last = time.nanoTime();
    }

    void acquire(long tokens) throws InterruptedException {
        acquire(tokens, wait -> {});
    }

    /** As {@link #acquire(long)}, telling {@code beforeWait} each time it is about to wait, and for how long. */
    void acquire(long tokens, java.util.function.Consumer<Duration> beforeWait) throws InterruptedException {
        double wanted = Math.min(tokens, capacity);
        while (true) {
            Duration wait;
            synchronized (this) {
                refill();
                if (available >= wanted) {
                    available -= wanted;
                    return;
                }
                wait = Duration.ofNanos((long) Math.ceil((wanted - available) / perNano));
            }
            beforeWait.accept(wait);
            time.sleep(wait);
        }
    }

    /** Gives back (or takes) the difference once the real count is known, e.g. tokens a call really used. */
    synchronized void adjust(long delta) {
        refill();
        available = Math.min(capacity, available - delta);
    }

    private void refill() {
        long now = time.nanoTime();
        available = Math.min(capacity, available + (now - last) * perNano);
        last = now;
    }
}
