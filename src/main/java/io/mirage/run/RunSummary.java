package io.mirage.run;

import java.time.Instant;
import java.util.List;

/** A run as listed by {@code mirage runs}: counts by status (skipped: never run because early stopping decided its cell), model-call retries, and cost (null when unpriced). */
public record RunSummary(String id, RunSpec spec, Instant createdAt, int planned, int completed, int turnLimit,
                         int errors, int pending, int retries, Double costUsd, int skipped, List<String> tags) {

    public RunSummary {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
