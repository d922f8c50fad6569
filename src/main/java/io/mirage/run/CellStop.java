package io.mirage.run;

/**
 * Why early stopping ended sampling in one model × condition cell: the decision (above, below or
 * undecided at the cap), the samples it had used, and a readable account of the evidence.
 */
public record CellStop(String conditionId, String model, String decision, int samples, String reason) {}
