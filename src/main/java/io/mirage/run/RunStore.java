package io.mirage.run;

import java.util.List;
import java.util.Optional;

/**
 * Where runs live. Implementations must make {@link #save} atomic per call: after a crash a rollout
 * is either stored whole with its verdicts or not at all, and never twice.
 */
public interface RunStore extends AutoCloseable {

    /**
     * Records the run and its plan, or grows the stored run with this id to cover {@code spec} too:
     * the rollouts it lacks (by condition, model and sample) are added, those it has are kept.
     * Returns the run as stored.
     */
    RunSpec plan(RunSpec spec);

    /** Every rollout of the run's plan, whatever its status, sample by sample (the order runs use). */
    List<PlannedRollout> planned(String runId);

    /** Adds tags to a run (tags it has stay). */
    void tag(String runId, java.util.Collection<String> tags);

    /** Stores the run's reproducibility manifest (a JSON document), replacing an earlier one. */
    void saveManifest(String runId, String manifestJson);

    Optional<String> manifest(String runId);

    Optional<RunSummary> run(String runId);

    List<RunSummary> runs();

    /** Rollouts not yet finished, sample by sample; errored ones too when {@code includeErrors}. */
    List<PlannedRollout> unfinished(String runId, boolean includeErrors);

    /** Stores finished rollouts and their verdicts in one transaction. */
    void save(String runId, List<FinishedRollout> finished);

    List<StoredOutcome> outcomes(String runId);

    /** What the run's stored rollouts cost, in US dollars (0 when none had prices). */
    double cost(String runId);

    /** The stored rollout with the given index, read back in full. */
    Optional<FinishedRollout> rollout(String runId, int index);

    /** Indices of the rollouts that have finished (any status), in plan order. */
    List<Integer> finishedIndices(String runId);

    /**
     * Stores verdicts for a finished rollout in one transaction, replacing earlier verdicts of the
     * same sources (re-judging replaces, different judges coexist).
     */
    void saveVerdicts(String runId, int index, List<io.mirage.detect.Verdict> verdicts);

    void saveAwareness(String runId, AwarenessVerdict awareness);

    List<AwarenessVerdict> awareness(String runId);

    /** Stores a person's label, replacing their earlier label of the same rollout and behaviour. */
    void saveLabel(String runId, HumanLabel label);

    List<HumanLabel> labels(String runId);

    /** Records why a cell stopped early and marks its rollouts that never ran as skipped. */
    void stopCell(String runId, CellStop stop, List<Integer> skippedIndices);

    List<CellStop> cellStops(String runId);

    @Override
    void close();

    /**
     * Deletes a run and every row stored with it (rollouts, verdicts, labels, everything keyed by its
     * id) in one transaction. Returns the rows removed per table, or an empty map when there is no such run.
     */
    java.util.Map<String, Integer> deleteRun(String runId);

    /**
     * Removes one judge's verdicts from a run in one transaction: its {@code judge:MODEL} and
     * {@code combined:MODEL} verdicts and its eval-awareness labels. Detector verdicts and other judges stay.
     */
    ForgottenJudge forgetJudge(String runId, String judgeModel);
}
