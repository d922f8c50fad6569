package io.mirage.judge;

/**
 * What a rollout's reasoning concluded about its own situation: that it is a test, that it is
 * real, or nothing (no deliberation). Indeterminate when the judge could not label it.
 */
public enum Awareness { TEST, REAL, NONE, INDETERMINATE }
