package io.mirage.cli;

import io.mirage.model.ModelSettings;
import io.mirage.run.JudgeOptions;
import io.mirage.run.RunOptions;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.Worker;
import io.mirage.scenario.ScenarioPack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

@Command(name = "worker", description = {
        "Work on the runs of a shared store: claim rollouts that are left to run (planned by `mirage run --detach`, or left",
        "by a process that stopped or was killed), run them with the settings stored with each run, store them, and judge",
        "runs whose manifest names a judge once their rollouts are done. Start as many as you like, on any machines.",
        "Each model's requests and tokens per minute are divided among the live workers.",
        "Ctrl-C or SIGTERM: stop claiming, store what is in flight (up to 10 s), give back the rest."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C", description = "Rollouts (and judge calls) at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--idle-exit", paramLabel = "SECONDS", description = "Exit once nothing was left to take for this long (default: keep polling).")
    Long idleExit;

    @Option(names = "--once", description = "Exit when no run has work left (for tests and Kubernetes Jobs).")
    boolean once;

    @Mixin ModelOptions modelOptions;

    /** Each run's pack, loaded once: a run's pack hash never changes. */
    private final Map<String, ScenarioPack> packs = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Integer call() {
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        if (idleExit != null && idleExit < 0) throw new UsageException("--idle-exit must be 0 or more seconds");
        PrintWriter err = command.commandLine().getErr();
        CountDownLatch closed = new CountDownLatch(1);
        try (RunStore store = workspace.openStore()) {
            Worker worker = new Worker(store, Workspace.models(), Clock.systemUTC(), (run, live) -> job(store, run, live),
                    new Worker.Options(idleExit == null ? null : Duration.ofSeconds(idleExit), once, null), line -> {
                        err.println(line);
                        err.flush();
                    });
            err.println("Worker " + worker.id() + " on " + workspace.dbName() + ", " + concurrency + " rollouts at once"
                    + (once ? ", until no work is left" : idleExit != null ? ", until idle for " + idleExit + " s" : ""));
            err.flush();
            Thread onSignal = new Thread(() -> {
                try {
                    err.println("Stopping worker " + worker.id() + ": storing the rollouts in flight (up to 10 s), giving back the rest…");
                    err.flush();
                    worker.stop(Duration.ofSeconds(10));
                    closed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(onSignal);
            try {
                worker.run();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the store to close below
                }
            }
        } finally {
            closed.countDown();
        }
        return ExitCodes.OK;
    }

    /** What running a stored run takes: its pack at its hash, its stored settings (limits shared among the live workers), its judge and stakeholder model. */
    private Worker.Job job(RunStore store, RunSummary run, int liveWorkers) {
        StoredRun stored = new StoredRun(run.spec(), store.manifest(run.id()).map(Provenance::read));
        try {
            ScenarioPack pack = packs.computeIfAbsent(run.id(), id -> stored.pack(workspace.library(), note -> {}));
            Function<String, ModelSettings> base = modelOptions.settingsOver(stored.settingsThen());
            stored.refuseChangedSettings(base);
            Map<String, ModelSettings> shared = new HashMap<>();
            Function<String, ModelSettings> settings = model -> shared.computeIfAbsent(model, m -> base.apply(m).sharedBy(liveWorkers));
            boolean limited = run.spec().models().stream().anyMatch(m -> base.apply(m).rateLimited())
                    || stored.judge() != null && base.apply(stored.judge()).rateLimited()
                    || stored.stakeholder() != null && base.apply(stored.stakeholder()).rateLimited();
            RunOptions options = new RunOptions(concurrency, false, settings, System.getenv()).withStakeholderModel(stored.stakeholder());
            JudgeOptions judge = stored.judge() == null ? null : new JudgeOptions(stored.judge(), settings.apply(stored.judge()), concurrency,
                    JudgeOptions.DEFAULT_ATTEMPTS, false, System.getenv(), io.mirage.model.resilience.RetryPolicy.DEFAULT);
            return new Worker.Job(pack, options, judge, limited);
        } catch (UsageException | io.mirage.config.InvalidInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
