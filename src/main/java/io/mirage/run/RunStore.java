package io.mirage.run;

import java.util.List;
import java.util.Optional;

/**
 * Where runs live. Implementations must make {@link #save} atomic per call: after a crash a rollout
 * is either stored whole with its verdicts or not at all, and never twice.
 *
 * <h2>Claims: several processes on one run</h2>
 * Any number of processes (each with its own open store) may execute or judge the same run at once;
 * they share the work, and no rollout or judge question is paid for twice. The contract:
 * <ul>
 * <li>Each open store is one <em>owner</em> ({@link ClaimOwner}). Before running a rollout an engine
 *     {@link #claim claims} it; a claim is a lease of {@link #lease()} that the engine renews with
 *     {@link #renewClaims} at least every third of it while it works.</li>
 * <li>{@code claim} is atomic: it takes only unfinished rollouts that no owner holds a live lease on
 *     (never one this owner already holds), so two concurrent calls, in any processes, never return
 *     the same rollout. A lease is live until it runs out or is released; a store may also treat the
 *     leases of an owner it knows to be dead ({@link ClaimOwner#gone}) as run out. In SQL:
 *     {@code SELECT … WHERE status IN (…) AND (lease_until IS NULL OR lease_until < now) ORDER BY
 *     sample, idx FOR UPDATE SKIP LOCKED LIMIT max}, then set {@code claimed_by} and {@code lease_until}
 *     in the same transaction (SQLite: one {@code BEGIN IMMEDIATE} transaction).</li>
 * <li>{@link #save} stores a rollout only while this owner holds its claim (or nobody ever claimed
 *     it, for tools that write without claiming). When another owner has claimed it since (this
 *     owner's lease ran out), the rollout is dropped and its index returned, so the caller can count
 *     it and its cost: a transcript another process stored is never replaced.</li>
 * <li>Judge questions are claimed per rollout and judge with {@link #claimJudging}, with the same
 *     leases, and released with {@link #releaseJudging} once their verdicts are stored.</li>
 * <li>{@link #release} gives back what this owner claimed but will not store (stopped, cut short);
 *     {@link #close} releases everything this owner still holds.</li>
 * </ul>
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

    /**
     * Stores finished rollouts and their verdicts in one transaction, those this owner holds (or that
     * nobody claimed). Returns the indices it dropped because another owner claimed them meanwhile.
     */
    List<Integer> save(String runId, List<FinishedRollout> finished);

    /** How long a claim lasts unless renewed. */
    java.time.Duration lease();

    /**
     * Claims for this owner up to {@code max} rollouts of the run that are unfinished (pending, and
     * errored too when {@code includeErrors}), are among {@code among}, and have no live lease;
     * sample by sample, like {@link #unfinished}. Empty when there is none to take now.
     */
    List<PlannedRollout> claim(String runId, java.util.Collection<Integer> among, boolean includeErrors, int max);

    /** Gives back this owner's claims on these rollouts, so others can take them at once. */
    void release(String runId, java.util.Collection<Integer> indices);

    /** Extends the lease of every claim this owner holds, rollouts and judge questions alike, to {@link #lease()} from now. */
    void renewClaims();

    /**
     * Claims for this owner the questions of {@code judge} about up to {@code max} rollouts among
     * {@code among} (taken in that order) that no owner holds a live lease on. Returns their indices.
     */
    List<Integer> claimJudging(String runId, String judge, List<Integer> among, int max);

    /** Gives back this owner's claims on a judge's questions about these rollouts. */
    void releaseJudging(String runId, String judge, java.util.Collection<Integer> indices);

    List<StoredOutcome> outcomes(String runId);

    /** What the run's stored rollouts cost, in US dollars (0 when none had prices). */
    double cost(String runId);

    /** What model-played stakeholders used and cost in the run's stored rollouts, counted apart from {@link #cost}. */
    StakeholderSpend stakeholderSpend(String runId);

    /** A model-played stakeholder's answer cached under this key (the SHA-256 of what determines it), if any. */
    Optional<String> stakeholderReply(String key);

    /** Caches a model-played stakeholder's answer (as the model wrote it) under its key; a key already stored keeps its first answer. */
    void saveStakeholderReply(String key, String reply, String model);

    /** The stored rollout with the given index, read back in full. */
    Optional<FinishedRollout> rollout(String runId, int index);

    /** Indices of the rollouts that have finished (any status), in plan order. */
    List<Integer> finishedIndices(String runId);

    /**
     * The first cited event of every yes verdict of the run's stored rollouts (see {@link FirstEvidence}), for the time
     * to act and the order of acts. This reads each rollout back in full; a store may answer from its verdicts alone.
     */
    default List<FirstEvidence> firstEvidence(String runId) {
        List<FirstEvidence> out = new java.util.ArrayList<>();
        for (int index : finishedIndices(runId)) {
            rollout(runId, index).ifPresent(f -> f.verdicts().forEach(v -> FirstEvidence.of(index, v).ifPresent(out::add)));
        }
        return out;
    }

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

    /**
     * Records a worker's heartbeat and progress, replacing what was stored for its id. Workers whose
     * heartbeat is older than a day are forgotten on the way.
     */
    void saveWorker(WorkerStatus worker);

    /** The workers that have beaten (live or not; see {@link WorkerStatus#live}), those that started first first. */
    List<WorkerStatus> workers();

    /** Forgets a worker that stopped. */
    void removeWorker(String id);

    /** Releases every claim this owner still holds, then closes the store. */
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
