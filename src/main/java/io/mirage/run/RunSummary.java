package io.mirage.run;

import java.time.Instant;

/** A run as listed by {@code mirage runs}. */
public record RunSummary(String id, RunSpec spec, Instant createdAt, int planned, int completed, int turnLimit,
                         int errors, int pending) {}
