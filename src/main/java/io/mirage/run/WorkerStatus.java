package io.mirage.run;

import java.time.Duration;
import java.time.Instant;

/**
 * A worker process as the store knows it: where it runs, when it started and last beat, the run it
 * is working on (null: none) and how many rollouts it has stored. It is live while its heartbeat
 * is younger than {@link #LIVE}; a killed worker just stops beating.
 */
public record WorkerStatus(String id, String host, long pid, Instant started, Instant heartbeat, String currentRun, int rolloutsDone) {
    /** How often a worker beats. */
    public static final Duration BEAT = Duration.ofSeconds(5);
    /** How long after its last beat a worker still counts as live: three missed beats. */
    public static final Duration LIVE = BEAT.multipliedBy(3);

    public WorkerStatus {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("a worker needs an id");
        if (rolloutsDone < 0) throw new IllegalArgumentException("rollouts done cannot be negative");
    }

    public boolean live(Instant now) {
        return heartbeat.plus(LIVE).isAfter(now);
    }

    /** This worker beating at {@code now}, on {@code run} (null: between runs), with {@code done} rollouts stored. */
    public WorkerStatus beat(Instant now, String run, int done) {
        return new WorkerStatus(id, host, pid, started, now, run, done);
    }
}
