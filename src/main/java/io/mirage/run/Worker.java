package io.mirage.run;

import io.mirage.agent.RunAbortedException;
import io.mirage.model.ModelRegistry;
import io.mirage.scenario.ScenarioPack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A long-running helper on a shared store: it looks for runs with rollouts left to run, claims and
 * runs them with {@link RunEngine#executeClaimable} (other workers, or `mirage run`s, take the
 * rest), and judges runs whose rollouts are all done when their job names a judge. It beats in the
 * store's {@code workers} table, so {@code mirage runs} shows it, and it runs each model with its
 * share of the model's rate limits: {@link Jobs#prepare} gets the number of live workers, and a
 * worker that sees that number change stops claiming and prepares its job again.
 */
public final class Worker {
    /** How long to wait between looks at the store when there was nothing to take. */
    static final Duration POLL = Duration.ofSeconds(1);

    /** How to work on a stored run; found from its manifest by the caller. */
    public interface Jobs {
        /**
         * What running {@code run} takes, with every model's rate limits divided among {@code liveWorkers}.
         *
         * @throws IllegalArgumentException when this worker cannot run it (pack missing, unknown model): it is skipped
         */
        Job prepare(RunSummary run, int liveWorkers);
    }

    /** A run's pack, how to execute it, how to judge it (null: no judge), and whether it has rate limits to share. */
    public record Job(ScenarioPack pack, RunOptions options, JudgeOptions judge, boolean sharesLimits) {}

    /** When to stop: {@code idleExit} without work (null: never), or {@code once} nothing is left to run or judge. */
    public record Options(Duration idleExit, boolean once, Duration poll) {
        public Options {
            if (idleExit != null && idleExit.isNegative()) throw new IllegalArgumentException("the idle time cannot be negative");
            poll = poll == null ? POLL : poll;
        }
    }

    private final RunStore store;
    private final ModelRegistry models;
    private final Clock clock;
    private final Jobs jobs;
    private final Options options;
    private final Consumer<String> log;
    private final CountDownLatch exited = new CountDownLatch(1);
    private final AtomicInteger stored = new AtomicInteger();
    private final AtomicInteger storedNow = new AtomicInteger();
    private volatile WorkerStatus status;
    private volatile boolean stopping;
    private volatile RunEngine engine;
    private volatile int preparedFor;
    private volatile boolean sharing;

    public Worker(RunStore store, ModelRegistry models, Clock clock, Jobs jobs, Options options, Consumer<String> log) {
        this.store = store;
        this.models = models;
        this.clock = clock;
        this.jobs = jobs;
        this.options = options;
        this.log = log;
        Instant now = clock.instant();
        this.status = new WorkerStatus(ClaimOwner.newOwner().id(), host(), ProcessHandle.current().pid(), now, now, null, 0);
    }

    public String id() {
        return status.id();
    }

    /** Works until stopped, idle for too long, or (once) out of work. Returns the rollouts this worker stored. */
    public int run() {
        Thread beats = Thread.ofPlatform().name("mirage-worker-beat").daemon(true).start(this::beatForever);
        try {
            beat(null);
            Set<String> judged = new HashSet<>();
            Set<String> skipped = new HashSet<>();
            Instant lastWork = clock.instant();
            while (!stopping) {
                boolean worked = false;
                boolean left = false;
                for (RunSummary run : store.runs()) {
                    if (stopping) break;
                    if (skipped.contains(run.id()) || run.pending() == 0 && judged.contains(run.id())) continue;
                    Job job;
                    int live = liveWorkers();
                    try {
                        job = jobs.prepare(run, live);
                    } catch (IllegalArgumentException e) {
                        log.accept("Skipping run " + run.id() + ": " + e.getMessage());
                        skipped.add(run.id());
                        continue;
                    }
                    try {
                        if (run.pending() > 0) {
                            left = true;
                            worked |= execute(run, job, live) > 0;
                        } else {
                            if (job.judge() != null && !stopping) worked |= judge(run, job) > 0;
                            if (!stopping) judged.add(run.id());
                        }
                    } catch (RunAbortedException | IllegalArgumentException | io.mirage.model.UnknownModelException e) {
                        // bad credentials, an unknown model: this worker cannot run it, others (set up otherwise) may
                        log.accept("Skipping run " + run.id() + ": " + e.getMessage());
                        skipped.add(run.id());
                    } finally {
                        beat(null);
                    }
                }
                if (worked) {
                    lastWork = clock.instant();
                    continue;
                }
                if (options.once() && !left) {
                    log.accept("No work left: worker " + id() + " stops after storing " + stored.get() + " rollouts.");
                    break;
                }
                if (options.idleExit() != null && !Duration.between(lastWork, clock.instant()).minus(options.idleExit()).isNegative()) {
                    log.accept("Nothing to do for " + options.idleExit().toSeconds() + " s: worker " + id() + " stops after storing "
                            + stored.get() + " rollouts.");
                    break;
                }
                pause(options.poll());
            }
            return stored.get();
        } finally {
            beats.interrupt();
            try {
                store.removeWorker(id());
            } catch (StoreException e) {
                // its heartbeat goes stale instead
            }
            exited.countDown();
        }
    }

    /**
     * Stops claiming (what is in flight is stored, the rest released by the engine) and waits up to
     * {@code timeout} for the worker to end. Returns whether it ended in time.
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        RunEngine current = engine;
        if (current != null) current.requestStop();
        return exited.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private int execute(RunSummary run, Job job, int live) {
        RunEngine current = new RunEngine(store, models, clock);
        preparedFor = live;
        sharing = job.sharesLimits();
        engine = current;
        if (stopping) current.requestStop();
        storedNow.set(0);
        beat(run.id());
        try {
            RunResult result = current.executeClaimable(job.pack(), run.spec(), job.options(), p -> storedNow.set(p.done() - p.alreadyDone()));
            if (result.executed() > 0) log.accept("Run " + run.id() + ": ran " + result.executed() + " rollouts"
                    + (result.dropped() > 0 ? " (" + result.dropped() + " taken over by another process and not stored)" : ""));
            return result.executed();
        } finally {
            engine = null;
            stored.addAndGet(storedNow.getAndSet(0));
        }
    }

    private int judge(RunSummary run, Job job) {
        beat(run.id());
        log.accept("Judging run " + run.id() + " with " + job.judge().judgeModel() + " …");
        JudgeResult result = new JudgeEngine(store, models).judge(job.pack(), run.spec(), job.judge(), Progress.Listener.NONE);
        if (result.judged() > 0) log.accept("Run " + run.id() + ": judged " + result.judged() + " rollouts");
        return result.judged();
    }

    private int liveWorkers() {
        Instant now = clock.instant();
        try {
            return (int) Math.max(1, store.workers().stream().filter(w -> w.live(now)).count());
        } catch (StoreException e) {
            return Math.max(1, preparedFor);
        }
    }

    private void beat(String run) {
        status = status.beat(clock.instant(), run, stored.get() + storedNow.get());
        try {
            store.saveWorker(status);
        } catch (StoreException e) {
            // one missed beat is harmless; three make others count this worker out, which only lowers their shares late
        }
    }

    /** Beats while the worker works; when the number of live workers changes, a job with rate limits is prepared again. */
    private void beatForever() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(WorkerStatus.BEAT);
            } catch (InterruptedException e) {
                return;
            }
            RunEngine current = engine;
            beat(current == null ? null : status.currentRun());
            if (current != null && sharing && liveWorkers() != preparedFor) current.requestStop();
        }
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
