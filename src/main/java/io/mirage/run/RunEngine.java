package io.mirage.run;

import io.mirage.agent.AgentLoop;
import io.mirage.stakeholder.ModelStakeholders;
import io.mirage.stakeholder.StakeholderCast;
import io.mirage.stakeholder.StakeholderReplyCache;
import io.mirage.stakeholder.StoreReplyCache;
import io.mirage.agent.BudgetReachedException;
import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.agent.RunAbortedException;
import io.mirage.detect.Detectors;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelSettings;
import io.mirage.model.Prices;
import io.mirage.model.TextToolProtocol;
import io.mirage.model.Usage;
import io.mirage.model.resilience.GuardedModel;
import io.mirage.model.resilience.Limits;
import io.mirage.model.resilience.TimeSource;
import io.mirage.scenario.RenderedScenario;
import io.mirage.scenario.ScenarioPack;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Executes a run: stores its plan (once), then runs every unfinished rollout on virtual threads,
 * at most {@code concurrency} at a time, and stores each result with its verdicts as it finishes.
 * Every model is wrapped in a {@link GuardedModel} (retries, rate limits, circuit breaker).
 */
public final class RunEngine {
    private final RunStore store;
    private final ModelRegistry models;
    private final Clock clock;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;

    public RunEngine(RunStore store, ModelRegistry models, Clock clock) {
        this.store = store;
        this.models = models;
        this.clock = clock;
    }

    /**
     * Plans the run if it is new, then finishes what is missing.
     *
     * @throws RunAbortedException when a provider rejected the credentials; what finished before is stored
     */
    public RunResult execute(ScenarioPack pack, RunSpec spec, RunOptions options, Progress.Listener listener) {
        return execute(pack, spec, options, listener, stored -> {});
    }

    /**
     * As {@link #execute(ScenarioPack, RunSpec, RunOptions, Progress.Listener)}, telling {@code onPlanned}
     * the run as stored once its models resolved and its plan is stored, before any rollout starts.
     */
    public RunResult execute(ScenarioPack pack, RunSpec spec, RunOptions options, Progress.Listener listener,
                             java.util.function.Consumer<RunSpec> onPlanned) {
        try {
            return executeOnce(pack, spec, options, listener, onPlanned, true);
        } finally {
            finished.countDown();
        }
    }

    /**
     * Helps with a run that is already planned and stored, as a worker does: runs the rollouts of
     * {@code stored} that can be claimed now, and returns once none is left to claim. Unlike
     * {@link #execute}, it neither plans nor waits for rollouts that other processes hold.
     */
    public RunResult executeClaimable(ScenarioPack pack, RunSpec stored, RunOptions options, Progress.Listener listener) {
        try {
            return executeOnce(pack, stored, options, listener, s -> {}, false);
        } finally {
            finished.countDown();
        }
    }

    /** Asks the execution to start no new rollout, without waiting for it to end (see {@link #stop}). */
    public void requestStop() {
        stopping = true;
    }

    /**
     * Stops scheduling new rollouts and waits up to {@code timeout} for those in flight to finish and
     * be stored, e.g. when the user presses Ctrl-C. Returns whether everything was stored in time.
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A resolved model with what is stored beside each of its rollouts. */
    private record Resolved(Model model, Map<String, String> parameters, Optional<Prices> prices) {}

    private RunResult executeOnce(ScenarioPack pack, RunSpec spec, RunOptions options, Progress.Listener listener,
                                  java.util.function.Consumer<RunSpec> onPlanned, boolean planAndWait) {
        if (!pack.hash().equals(spec.packHash())) {
            throw new IllegalArgumentException("run " + spec.id() + " was planned with pack " + spec.scenario() + " at hash "
                    + spec.packHash() + ", but the pack now has hash " + pack.hash() + "; start a new run instead of resuming");
        }
        String runId = spec.id();
        refuseModelPlayedWithoutModel(pack, spec, options);
        double spentBefore = store.cost(runId) + Optional.ofNullable(store.stakeholderSpend(runId).costUsd()).orElse(0.0);
        Budget budget = options.maxCostUsd() == null ? null : new Budget(options.maxCostUsd(), spentBefore);
        Map<String, Resolved> resolved = resolveModels(pack, spec, options, listener, budget);
        Resolved stakeholderModel = options.stakeholderModel() == null ? null
                : resolve(pack, options.stakeholderModel(), options, listener, budget, false, "the stakeholder model");
        RunSpec stored = planAndWait ? store.plan(spec) : spec;
        onPlanned.accept(stored);
        List<PlannedRollout> wanted = wanted(stored, spec, options.limit());
        java.util.Set<Integer> wantedIndices = new java.util.HashSet<>();
        for (PlannedRollout p : wanted) wantedIndices.add(p.index());
        List<PlannedRollout> todo = store.unfinished(runId, options.retryErrors()).stream()
                .filter(p -> wantedIndices.contains(p.index())).toList();
        if (todo.isEmpty()) return new RunResult(runId, RunResult.Ending.FINISHED, 0, null);
        int total = wanted.size();

        Map<String, RenderedScenario> rendered = new HashMap<>();
        for (String conditionId : spec.conditions()) rendered.put(conditionId, pack.render(pack.condition(conditionId)));
        Detectors detectors = new Detectors(pack);
        StakeholderReplyCache replyCache = stakeholderModel == null ? null : new StoreReplyCache(store, options.stakeholderModel());
        StakeholderCast cast = new StakeholderCast(detectors, stakeholderModel == null ? null
                : (scenario, seed) -> new ModelStakeholders(scenario, stakeholderModel.model(), seed, replyCache));
        AgentLoop loop = new AgentLoop(spec.maxTurns(), clock);

        int alreadyDone = total - todo.size();
        AtomicInteger done = new AtomicInteger(alreadyDone);
        AtomicInteger executed = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        DoubleAdder cost = new DoubleAdder();
        DoubleAdder stakeholderCost = new DoubleAdder();
        boolean anyPrices = resolved.values().stream().anyMatch(r -> r.prices().isPresent());
        AtomicInteger cut = new AtomicInteger();
        AtomicReference<RunAbortedException> aborted = new AtomicReference<>();
        RunResult.Ending ending = RunResult.Ending.FINISHED;
        long startNanos = System.nanoTime();
        Semaphore slots = new Semaphore(options.concurrency());
        EarlyStopper stopper = options.earlyStopping() == null ? null : new EarlyStopper(store, stored, options.earlyStopping());
        // Rollouts are claimed a few at a time, just before they start, so other processes on this run take the rest.
        java.util.Set<Integer> remaining = new java.util.HashSet<>(todo.stream().map(PlannedRollout::index).toList());
        java.util.Deque<PlannedRollout> claimed = new java.util.ArrayDeque<>();
        java.util.Set<Integer> started = new java.util.HashSet<>();
        ResultWriter writer = null;
        try (ClaimHeartbeat heartbeat = new ClaimHeartbeat(store);
             ResultWriter w = writer = new ResultWriter(store, runId, saved -> listener.onProgress(
                new Progress(done.addAndGet(saved), total, errors.get(), alreadyDone, Duration.ofNanos(System.nanoTime() - startNanos))));
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                slots.acquireUninterruptibly();
                if (budget != null && (budget.reached() || cut.get() > 0)) ending = RunResult.Ending.BUDGET_REACHED;
                if (stopping || aborted.get() != null || ending != RunResult.Ending.FINISHED) {
                    slots.release();
                    if (ending == RunResult.Ending.FINISHED && aborted.get() == null) ending = RunResult.Ending.STOPPED;
                    break;
                }
                w.ensureHealthy();
                if (claimed.isEmpty()) {
                    claimed.addAll(store.claim(runId, remaining, options.retryErrors(), options.concurrency()));
                    if (claimed.isEmpty()) {
                        slots.release();
                        if (!planAndWait) break; // a helper leaves what others hold to them (their leases say when to look again)
                        // What is left is held by other processes: wait until they store it, or their leases run out.
                        java.util.Set<Integer> unfinished = new java.util.HashSet<>();
                        store.unfinished(runId, options.retryErrors()).forEach(p -> unfinished.add(p.index()));
                        remaining.retainAll(unfinished);
                        if (remaining.isEmpty()) break;
                        sleep(ClaimHeartbeat.pollInterval(store));
                        continue;
                    }
                }
                PlannedRollout planned = claimed.poll();
                remaining.remove(planned.index());
                started.add(planned.index());
                if (stopper != null && skipped(stopper, planned, options.concurrency(), aborted)) {
                    slots.release();
                    continue;
                }
                Resolved model = resolved.get(planned.model());
                ResultWriter out = w;
                executor.submit(() -> {
                    try {
                        Rollout rollout = runSafely(loop, rendered.get(planned.conditionId()), model.model(), planned.seed(), cast);
                        if (rollout.status() == RolloutStatus.ERROR) errors.incrementAndGet();
                        Double rolloutCost = model.prices().map(p -> p.cost(rollout.usage())).orElse(null);
                        if (rolloutCost != null) cost.add(rolloutCost);
                        Double answered = stakeholderModel == null || rollout.stakeholderUsage() == null ? null
                                : stakeholderModel.prices().map(p -> p.cost(rollout.stakeholderUsage())).orElse(null);
                        if (answered != null) stakeholderCost.add(answered);
                        executed.incrementAndGet();
                        List<io.mirage.detect.Verdict> verdicts = detectors.evaluateAll(rollout);
                        out.submit(new FinishedRollout(planned, rollout, verdicts, model.parameters(), rolloutCost, answered));
                        if (stopper != null) stopper.finished(planned, verdicts);
                    } catch (BudgetReachedException e) {
                        cut.incrementAndGet(); // not stored: it runs again, whole, on resume
                    } catch (RunAbortedException e) {
                        aborted.compareAndSet(null, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        slots.release();
                    }
                });
            }
        } finally {
            // Give back what this execution claimed and did not store (stopped, cut short, skipped), so others take it now.
            List<Integer> unstored = new java.util.ArrayList<>();
            claimed.forEach(p -> unstored.add(p.index()));
            for (int index : started) if (writer == null || !writer.stored(index)) unstored.add(index);
            try {
                store.release(runId, unstored);
            } catch (StoreException e) {
                // their leases run out instead
            }
        }
        if (aborted.get() != null) throw aborted.get();
        if (cut.get() > 0) ending = RunResult.Ending.BUDGET_REACHED;
        // What the calls of the rollouts cut short cost: all this execution spent, less what its stored rollouts cost.
        double cutCost = budget == null ? 0 : Math.max(0, budget.spent() - spentBefore - cost.sum() - stakeholderCost.sum());
        return new RunResult(runId, ending, executed.get(), anyPrices ? cost.sum() : null, cut.get(), cutCost, writer.dropped(),
                writer.droppedCost());
    }

    /**
     * The rollouts this execution is about, in plan order: those of the stored run that the asked-for
     * spec covers (a run grown earlier may hold more), cut to the first {@code limit} when given.
     */
    private List<PlannedRollout> wanted(RunSpec stored, RunSpec asked, Integer limit) {
        List<PlannedRollout> covered = store.planned(stored.id()).stream().filter(asked::covers).toList();
        return limit == null || limit >= covered.size() ? covered : covered.subList(0, limit);
    }

    /** Early stopping's verdict on a rollout; an interrupt while waiting counts as a stop request. */
    private boolean skipped(EarlyStopper stopper, PlannedRollout planned, int window, AtomicReference<RunAbortedException> aborted) {
        try {
            return stopper.skip(planned, window, () -> stopping || aborted.get() != null) || stopping || aborted.get() != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return true;
        }
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** A bug inside one rollout is stored as that rollout's error, never lost and never a verdict. */
    private Rollout runSafely(AgentLoop loop, RenderedScenario scenario, Model model, long seed, StakeholderCast cast) {
        try {
            return loop.run(scenario, model, seed, cast.forRollout(scenario, seed));
        } catch (RunAbortedException | BudgetReachedException e) {
            throw e;
        } catch (RuntimeException e) {
            return new Rollout(scenario.systemPrompt(), List.of(), List.of(), List.of(), Usage.NONE, 0, RolloutStatus.ERROR,
                    "internal error: " + e, clock.instant(), 0);
        }
    }

    private Map<String, Resolved> resolveModels(ScenarioPack pack, RunSpec spec, RunOptions options, Progress.Listener listener, Budget budget) {
        Map<String, Resolved> resolved = new HashMap<>();
        for (String name : spec.models()) {
            resolved.put(name, resolve(pack, name, options, listener, budget, spec.toolProtocol().equals(RunSpec.TEXT_TOOLS), name));
        }
        return resolved;
    }

    /** A model of the run, guarded, and paid from the budget when there is one; {@code what} names it in a refusal. */
    private Resolved resolve(ScenarioPack pack, String name, RunOptions options, Progress.Listener listener, Budget budget,
                             boolean textTools, String what) {
        ModelSettings settings = options.settings().apply(name);
        if (budget != null && settings.prices().isEmpty()) {
            throw new IllegalArgumentException("--max-cost needs the prices of every model of the run, and " + what
                    + (what.equals(name) ? "" : " " + name) + " has none: add"
                    + " prices for it to the models file (\"" + name.replaceFirst("\\?.*", "") + "\": prices: { input: USD, output: USD }"
                    + " per million tokens),"
                    + " or run without --max-cost");
        }
        Model model = models.resolve(name, new ModelContext(settings, options.environment(), Optional.ofNullable(pack.doubles())));
        if (textTools) model = new TextToolProtocol(model);
        Model guarded = new GuardedModel(model, options.retryPolicy(), Limits.of(settings), TimeSource.SYSTEM, listener);
        if (budget != null) guarded = new BudgetedModel(guarded, settings.prices().orElseThrow(), settings.maxOutputTokens(), budget);
        return new Resolved(guarded, model.parameters(), settings.prices());
    }

    /** A run with a {@code stakeholders=model} condition needs a stakeholder model: refused before anything runs. */
    private static void refuseModelPlayedWithoutModel(ScenarioPack pack, RunSpec spec, RunOptions options) {
        if (options.stakeholderModel() != null) return;
        List<String> modelPlayed = modelPlayedConditions(pack, spec.conditions());
        if (!modelPlayed.isEmpty()) {
            throw new IllegalArgumentException("condition " + modelPlayed.getFirst() + (modelPlayed.size() > 1 ? " (and " + (modelPlayed.size() - 1)
                    + " more)" : "") + " has stakeholders=model, and the run has no stakeholder model: give one with --stakeholder-model"
                    + " MODEL (or a stakeholder role under models: in the experiment file)");
        }
    }

    /** The conditions among {@code conditionIds} whose stakeholders a model plays. */
    public static List<String> modelPlayedConditions(ScenarioPack pack, java.util.Collection<String> conditionIds) {
        return conditionIds.stream().filter(id -> io.mirage.scenario.LivingSpec.MODEL.equals(pack.condition(id).level(io.mirage.scenario.LivingSpec.FACTOR)))
                .toList();
    }
}
