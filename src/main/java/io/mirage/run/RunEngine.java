package io.mirage.run;

import io.mirage.agent.AgentLoop;
import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Detectors;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelRegistry;
import io.mirage.model.Usage;
import io.mirage.scenario.RenderedScenario;
import io.mirage.scenario.ScenarioPack;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes a run: stores its plan (once), then runs every unfinished rollout on virtual threads,
 * at most {@code concurrency} at a time, and stores each result with its verdicts as it finishes.
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

    /** Plans the run if it is new, then finishes what is missing. Returns the run's id. */
    public String execute(ScenarioPack pack, RunSpec spec, RunOptions options, Progress.Listener listener) {
        try {
            return executeOnce(pack, spec, options, listener);
        } finally {
            finished.countDown();
        }
    }

    /**
     * Stops scheduling new rollouts and waits up to {@code timeout} for those in flight to finish and
     * be stored, e.g. when the user presses Ctrl-C. Returns whether everything was stored in time.
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String executeOnce(ScenarioPack pack, RunSpec spec, RunOptions options, Progress.Listener listener) {
        if (!pack.hash().equals(spec.packHash())) {
            throw new IllegalArgumentException("run " + spec.id() + " was planned with pack " + spec.scenario() + " at hash "
                    + spec.packHash() + ", but the pack now has hash " + pack.hash() + "; start a new run instead of resuming");
        }
        Map<String, Model> resolved = resolveModels(pack, spec, options);
        String runId = spec.id();
        store.createRun(spec, spec.plan());
        List<PlannedRollout> todo = store.unfinished(runId, options.retryErrors());
        if (todo.isEmpty()) return runId;

        Map<String, RenderedScenario> rendered = new HashMap<>();
        for (String conditionId : spec.conditions()) rendered.put(conditionId, pack.render(pack.condition(conditionId)));
        Detectors detectors = new Detectors(pack);
        AgentLoop loop = new AgentLoop(spec.maxTurns(), clock);

        int alreadyDone = spec.total() - todo.size();
        AtomicInteger done = new AtomicInteger(alreadyDone);
        AtomicInteger errors = new AtomicInteger();
        long startNanos = System.nanoTime();
        Semaphore slots = new Semaphore(options.concurrency());
        try (ResultWriter writer = new ResultWriter(store, runId, saved -> listener.onProgress(
                new Progress(done.addAndGet(saved), spec.total(), errors.get(), alreadyDone, Duration.ofNanos(System.nanoTime() - startNanos))));
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlannedRollout planned : todo) {
                slots.acquireUninterruptibly();
                if (stopping) {
                    slots.release();
                    break;
                }
                writer.ensureHealthy();
                executor.submit(() -> {
                    try {
                        Rollout rollout = runSafely(loop, rendered.get(planned.conditionId()), resolved.get(planned.model()), planned.seed());
                        if (rollout.status() == RolloutStatus.ERROR) errors.incrementAndGet();
                        writer.submit(new FinishedRollout(planned, rollout, detectors.evaluate(rollout)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return runId;
    }

    /** A bug inside one rollout is stored as that rollout's error, never lost and never a verdict. */
    private Rollout runSafely(AgentLoop loop, RenderedScenario scenario, Model model, long seed) {
        try {
            return loop.run(scenario, model, seed);
        } catch (RuntimeException e) {
            return new Rollout(scenario.systemPrompt(), List.of(), List.of(), Usage.NONE, 0, RolloutStatus.ERROR,
                    "internal error: " + e, clock.instant(), 0);
        }
    }

    private Map<String, Model> resolveModels(ScenarioPack pack, RunSpec spec, RunOptions options) {
        Map<String, Model> resolved = new HashMap<>();
        for (String name : spec.models()) {
            ModelContext context = new ModelContext(options.settings().apply(name), options.environment(), Optional.ofNullable(pack.doubles()));
            resolved.put(name, models.resolve(name, context));
        }
        return resolved;
    }
}
