package io.mirage.cli;

import io.mirage.agent.RunAbortedException;
import io.mirage.detect.Verdict;
import io.mirage.model.ModelSettings;
import io.mirage.run.JudgeEngine;
import io.mirage.run.JudgeOptions;
import io.mirage.run.JudgeResult;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunResult;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** What run, resume and demo share: build a spec, execute it with progress, print the results. */
final class RunLauncher {
    private RunLauncher() {}

    static RunSpec spec(ScenarioPack pack, List<Condition> conditions, List<String> models, int samples, long seed, int maxTurns,
                        Function<String, ModelSettings> settings, String toolProtocol) {
        if (samples < 1) throw new UsageException("--samples must be at least 1");
        if (maxTurns < 1) throw new UsageException("--max-turns must be at least 1");
        if (models.stream().distinct().count() != models.size()) throw new UsageException("a --model is given twice");
        long total;
        try {
            total = Math.multiplyExact(Math.multiplyExact((long) conditions.size(), models.size()), samples);
        } catch (ArithmeticException e) {
            total = Long.MAX_VALUE;
        }
        if (total > RunSpec.MAX_ROLLOUTS) {
            throw new UsageException(String.format(Locale.ROOT, "the plan has %d conditions × %d models × %d samples = %,d rollouts, more than the cap of %,d;"
                    + " lower --samples, or choose fewer conditions with --condition", conditions.size(), models.size(), samples, total, RunSpec.MAX_ROLLOUTS));
        }
        Map<String, Map<String, String>> modelSettings = new LinkedHashMap<>();
        for (String model : models) modelSettings.put(model, settings.apply(model).describe());
        return new RunSpec(pack.name(), pack.hash(), conditions.stream().map(Condition::id).toList(), List.copyOf(models),
                samples, seed, maxTurns,
                pack.behaviours().stream().map(RunSpec.BehaviourRef::of).toList(),
                modelSettings, toolProtocol);
    }

    /** A judge to run over the rollouts once they are stored. */
    record JudgeRequest(String model, Function<String, ModelSettings> settings, int concurrency, int attempts, boolean rejudge,
                        Double maxCostUsd) {

        JudgeRequest(String model, Function<String, ModelSettings> settings, int concurrency, int attempts, boolean rejudge) {
            this(model, settings, concurrency, attempts, rejudge, null);
        }

        JudgeOptions options() {
            try {
                return new JudgeOptions(model, settings.apply(model), concurrency, attempts, rejudge, System.getenv(),
                        io.mirage.model.resilience.RetryPolicy.DEFAULT, maxCostUsd);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    static int execute(Workspace workspace, ScenarioPack pack, RunSpec spec, RunOptions options, Output.Format format,
                       HtmlOptions html, PrintWriter out, PrintWriter err) {
        return execute(workspace, pack, spec, options, null, null, format, html, out, err);
    }

    static int execute(Workspace workspace, ScenarioPack pack, RunSpec spec, RunOptions options, JudgeRequest judge, Output.Format format,
                       HtmlOptions html, PrintWriter out, PrintWriter err) {
        return execute(workspace, pack, spec, options, judge, null, format, html, out, err);
    }

    /**
     * Runs (or resumes, or grows) the run, judges it when {@code judge} is given, prints the results
     * and writes the HTML report. With {@code provenance}, the run is tagged and its manifest stored.
     */
    static int execute(Workspace workspace, ScenarioPack pack, RunSpec spec, RunOptions options, JudgeRequest judge, Provenance provenance,
                       Output.Format format, HtmlOptions html, PrintWriter out, PrintWriter err) {
        try (RunStore store = workspace.openStore()) {
            store.run(spec.id()).ifPresent(before -> refuseChangedSettings(before.spec(), spec));
            java.util.function.Consumer<RunSpec> onPlanned = stored -> {
                if (provenance != null) {
                    store.tag(stored.id(), provenance.tags());
                    store.saveManifest(stored.id(), provenance.manifestJson(pack, stored, options.settings()));
                }
                String extent = stored.conditions().size() + " conditions × " + stored.models().size() + " models × " + stored.samples() + " samples";
                int finished = store.finishedIndices(stored.id()).size();
                if (finished == 0) {
                    err.println("Starting run " + stored.id() + ": " + stored.total() + " rollouts (" + extent + "), store " + workspace.dbName());
                } else {
                    err.println("Resuming run " + stored.id() + ": " + finished + " of " + stored.total() + " rollouts done (" + extent
                            + "), store " + workspace.dbName());
                }
                if (options.limit() != null) err.println("Running at most the first " + options.limit() + " rollouts of the plan (--limit).");
                err.flush();
            };
            RunEngine engine = new RunEngine(store, Workspace.models(), Clock.systemUTC());
            // On Ctrl-C or SIGTERM: start nothing new, store what finishes in the next seconds, say how to go on.
            Thread onSignal = new Thread(() -> {
                try {
                    err.println();
                    err.println("Stopping: storing the rollouts in flight (up to 10 s; Ctrl-C again to stop at once)… resume with: mirage resume "
                            + spec.id());
                    err.flush();
                    if (!engine.stop(Duration.ofSeconds(10))) {
                        err.println("Stopped: the rollouts still in flight were not stored; they run again on: mirage resume " + spec.id());
                        err.flush();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(onSignal);
            AtomicInteger storedCount = new AtomicInteger(store.finishedIndices(spec.id()).size());
            Progress.Listener console = TerminalProgress.forConsole(err);
            RunResult result;
            try (Interrupts interrupts = Interrupts.secondPressHalts(() -> String.format(Locale.ROOT,
                    "Stopped at once: %d of %d rollouts are stored; those in flight (up to %d) were not, and run again on: mirage resume %s",
                    storedCount.get(), spec.total(), Math.min(options.concurrency(), spec.total() - storedCount.get()), spec.id()), err)) {
                result = engine.execute(pack, spec, options, new Progress.Listener() {
                    @Override
                    public void onProgress(Progress p) {
                        storedCount.accumulateAndGet(p.done(), Math::max);
                        console.onProgress(p);
                    }

                    @Override
                    public void waitStarted(io.mirage.model.resilience.ModelWait wait) {
                        console.waitStarted(wait);
                    }

                    @Override
                    public void waitEnded(io.mirage.model.resilience.ModelWait wait) {
                        console.waitEnded(wait);
                    }
                }, onPlanned);
            } catch (RunAbortedException e) {
                throw new RunStoppedException("run " + spec.id() + " stopped: " + e.getMessage()
                        + ". The rollouts that met this error were not recorded and have no verdict; fix the key, then: mirage resume "
                        + spec.id(), e);
            } finally {
                removeHook(onSignal);
            }
            if (result.ending() == RunResult.Ending.BUDGET_REACHED) {
                err.printf(Locale.ROOT, "Budget of $%.2f reached: no new model calls were started%s. Resume with a higher --max-cost: mirage resume %s%n",
                        options.maxCostUsd(), result.cutShort() == 0 ? "" : String.format(Locale.ROOT,
                                "; %d rollouts in flight stopped unfinished and were not stored (their calls cost $%.4f); they run again on resume",
                                result.cutShort(), result.cutShortCostUsd()), spec.id());
            }
            if (result.dropped() > 0) {
                err.printf(Locale.ROOT, "%d rollouts run here were not stored: another process took them over after this one's claim ran"
                        + " out (their calls cost $%.4f); that process's results stand%n", result.dropped(), result.droppedCostUsd());
            }
            if (judge != null && result.ending() == RunResult.Ending.FINISHED) judge(store, pack, spec, judge, err);
            Output.results(store, spec.id(), format, Verdict.DETECTOR, false, out);
            HtmlOutput.afterRun(workspace, store, spec.id(), html, err);
            if (RunErrors.everyRolloutErrored(store, spec.id())) {
                err.print(RunErrors.summary(store, spec.id()));
                err.flush();
                return ExitCodes.ALL_ERRORED;
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Stores a run's plan (or grows it) with its tags and manifest before anything runs, once its
     * models resolve: an experiment plans all its runs first, so `mirage resume NAME` finds every
     * one of them even when it is interrupted during the first.
     */
    static RunSpec plan(Workspace workspace, ScenarioPack pack, RunSpec spec, RunOptions options, Provenance provenance, PrintWriter err) {
        List<String> resolved = new java.util.ArrayList<>(spec.models());
        if (options.stakeholderModel() != null) resolved.add(options.stakeholderModel());
        for (String model : resolved) {
            Workspace.models().resolve(model, new io.mirage.model.ModelContext(options.settings().apply(model), options.environment(),
                    Optional.ofNullable(pack.doubles())));
        }
        try (RunStore store = workspace.openStore()) {
            Optional<RunSpec> before = store.run(spec.id()).map(io.mirage.run.RunSummary::spec);
            before.ifPresent(b -> refuseChangedSettings(b, spec));
            RunSpec stored = store.plan(spec);
            if (before.isPresent() && !before.get().equals(stored)) {
                err.println("Growing run " + stored.id() + " from " + before.get().total() + " to " + stored.total()
                        + " planned rollouts; the rollouts it has are kept and only the new ones run.");
            }
            store.tag(stored.id(), provenance.tags());
            store.saveManifest(stored.id(), provenance.manifestJson(pack, stored, options.settings()));
            return stored;
        }
    }

    /**
     * Refuses to go on with a stored run when a model it holds would answer differently now: a
     * changed setting that shapes answers (temperature, output limit, reasoning) would mix two
     * conditions in one cell. How a model is reached (base URL, key variable) may change.
     */
    static void refuseChangedSettings(RunSpec stored, RunSpec now) {
        for (String model : now.models()) {
            if (!stored.models().contains(model)) continue;
            List<String> changes = ModelSettings.answerShapingChanges(stored.modelSettings().getOrDefault(model, Map.of()),
                    now.modelSettings().getOrDefault(model, Map.of()));
            if (!changes.isEmpty()) {
                throw new UsageException("run " + stored.id() + " ran " + model + " with other settings that shape its answers ("
                        + String.join("; ", changes) + "); restore them in the models file or flags, or start a separate run with --name NAME");
            }
        }
    }

    /** Judges the stored rollouts of a run and says what it did and cost. */
    static void judge(RunStore store, ScenarioPack pack, RunSpec spec, JudgeRequest request, PrintWriter err) {
        if (request.concurrency() < 1) throw new UsageException("--concurrency must be at least 1");
        if (request.attempts() < 1) throw new UsageException("--attempts must be at least 1");
        for (RunSpec.BehaviourRef b : spec.behaviours()) {
            if (pack.behaviours().stream().noneMatch(p -> p.id().equals(b.id()))) {
                throw new UsageException("scenario " + pack.name() + " no longer has behaviour '" + b.id() + "' of run " + spec.id()
                        + "; pass the original pack with --scenarios");
            }
        }
        if (!pack.hash().equals(spec.packHash())) {
            err.println("Note: scenario " + pack.name() + " changed since run " + spec.id() + " (hash " + spec.packHash() + ", now "
                    + pack.hash() + "); judging with today's rubrics, whose hash is stored with every verdict.");
        }
        err.println("Judging run " + spec.id() + " with " + request.model() + " …");
        err.flush();
        JudgeResult result;
        // Each rollout's verdicts are stored as it is judged, and the progress comes after: on Ctrl-C, say how far it got.
        java.util.concurrent.atomic.AtomicReference<Progress> last = new java.util.concurrent.atomic.AtomicReference<>();
        Thread onSignal = new Thread(() -> {
            Progress p = last.get();
            err.println();
            err.println("Stopped: " + (p == null ? "no verdict stored yet" : "verdicts of " + p.done() + " of the " + p.total()
                    + " rollouts to judge stored") + "; run mirage judge " + spec.id() + " --judge-model " + shellWord(request.model())
                    + " again to go on (it skips what is judged).");
            err.flush();
        });
        Runtime.getRuntime().addShutdownHook(onSignal);
        Progress.Listener console = TerminalProgress.forConsole(err);
        try {
            result = new JudgeEngine(store, Workspace.models()).judge(pack, spec, request.options(), p -> {
                last.accumulateAndGet(p, (a, b) -> a == null || b.done() > a.done() ? b : a);
                console.onProgress(p);
            });
        } catch (RunAbortedException e) {
            throw new RunStoppedException("judging of run " + spec.id() + " stopped: " + e.getMessage()
                    + ". Verdicts judged before are stored; fix the key and run mirage judge again", e);
        } finally {
            removeHook(onSignal);
        }
        err.printf(Locale.ROOT, "Judged %d rollouts (%d already judged by %s): %d yes, %d no, %d indeterminate; %,d input and %,d output tokens%s%n",
                result.judged(), result.alreadyJudged(), result.judgeModel(), result.yes(), result.no(), result.indeterminate(),
                result.usage().inputTokens(), result.usage().outputTokens(),
                result.costUsd() == null ? "" : String.format(Locale.ROOT, ", cost $%.4f", result.costUsd()));
        if (result.budgetReached()) {
            err.printf(Locale.ROOT, "Budget of $%.2f reached: no further rollouts were judged. Run mirage judge %s again with a higher --max-cost to go on.%n",
                    request.maxCostUsd(), spec.id());
        }
        err.flush();
    }

    /** A model name as a shell word: quoted when it has ? or & (scripted parameters). */
    private static String shellWord(String word) {
        return word.matches("[A-Za-z0-9/._:@=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running; it will finish on its own
        }
    }
}
