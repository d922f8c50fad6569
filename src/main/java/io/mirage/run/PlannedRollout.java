package io.mirage.run;

/** One cell sample of a run's plan: its position, condition, model, sample number and seed. */
public record PlannedRollout(int index, String conditionId, String model, int sample, long seed) {}
