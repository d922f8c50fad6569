package io.mirage.run;

/**
 * How an execution of a run ended, and what the rollouts it ran cost (null when no model had
 * prices); when a budget stopped it, the rollouts in flight that were cut short (not stored, they
 * run again on resume) and what their calls cost; and the rollouts it ran but could not store
 * because another process had claimed them after this one's lease ran out (with their cost).
 */
public record RunResult(String runId, Ending ending, int executed, Double costUsd, int cutShort, double cutShortCostUsd,
                        int dropped, double droppedCostUsd) {

    public RunResult(String runId, Ending ending, int executed, Double costUsd) {
        this(runId, ending, executed, costUsd, 0, 0, 0, 0);
    }

    public enum Ending {
        /** Nothing was left to run. */
        FINISHED,
        /** --max-cost was reached: no new model calls were started; the run can be resumed with a higher budget. */
        BUDGET_REACHED,
        /** Stopped on request (Ctrl-C); resumable. */
        STOPPED
    }
}
