package io.mirage.run;

import java.util.List;
import java.util.Optional;

/**
 * Where runs live. Implementations must make {@link #save} atomic per call: after a crash a rollout
 * is either stored whole with its verdicts or not at all, and never twice.
 */
public interface RunStore extends AutoCloseable {

    /** Records the run and its plan unless a run with this id exists; returns false when it did. */
    boolean createRun(RunSpec spec, List<PlannedRollout> plan);

    Optional<RunSummary> run(String runId);

    List<RunSummary> runs();

    /** Rollouts not yet finished, in plan order; errored ones too when {@code includeErrors}. */
    List<PlannedRollout> unfinished(String runId, boolean includeErrors);

    /** Stores finished rollouts and their verdicts in one transaction. */
    void save(String runId, List<FinishedRollout> finished);

    List<StoredOutcome> outcomes(String runId);

    /** What the run's stored rollouts cost, in US dollars (0 when none had prices). */
    double cost(String runId);

    /** The stored rollout with the given index, read back in full. */
    Optional<FinishedRollout> rollout(String runId, int index);

    @Override
    void close();
}
