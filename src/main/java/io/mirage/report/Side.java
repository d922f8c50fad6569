package io.mirage.report;

/**
 * One side of a comparison row: what the row calls it, the run its cells come from and the model they measure.
 *
 * @param label "A" or "B" for two runs, the model for a run's models, {@code factor=level} for a factor's levels
 * @param run   the run id of the side's cells
 * @param model the model of the side's cells, or "all models (pooled)" for a pooled factor row
 */
public record Side(String label, String run, String model) {
    /** The label, followed by the model when the label does not already say it. */
    public String describe() {
        return label.equals(model) ? label : label + " " + model;
    }
}
