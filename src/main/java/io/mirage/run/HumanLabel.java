package io.mirage.run;

import java.time.Instant;

/** A person's label for one rollout and behaviour, with an optional note. The latest label wins. */
public record HumanLabel(int index, String behaviour, LabelValue value, String note, Instant labelledAt) {}
