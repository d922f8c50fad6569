package io.mirage.run;

/** How an execution of a run ended, and what this execution cost (null when no model had prices). */
public record RunResult(String runId, Ending ending, int executed, Double costUsd) {

    public enum Ending {
        /** Nothing was left to run. */
        FINISHED,
        /** --max-cost was reached: no new rollouts were started; the run can be resumed with a higher budget. */
        BUDGET_REACHED,
        /** Stopped on request (Ctrl-C); resumable. */
        STOPPED
    }
}
