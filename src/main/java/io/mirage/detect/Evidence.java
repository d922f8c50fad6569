package io.mirage.detect;

/** An event that supports a verdict: its position in the rollout's event log, turn and summary. */
public record Evidence(int eventIndex, int turn, String summary) {}
