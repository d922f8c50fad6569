package io.mirage.cli;

import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.LocalServers;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelSettings;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "bench", description = {
        "Benchmark the engine on the blackmail grid, stored in a fresh temporary database:",
        "scripted rollouts in-process, or (--against PROVIDER) through that provider's real SDK",
        "against a local server that speaks its protocol and answers after --latency-ms.",
        "Prints rollouts per second, CPU milliseconds per rollout, peak heap and stored bytes per rollout."})
final class BenchCommand implements Callable<Integer> {
    private static final String LOCAL_KEY = "bench-local-key";

    @Spec CommandSpec command;

    @Option(names = "--rollouts", defaultValue = "10000", paramLabel = "N", description = "Rollouts to run (default: ${DEFAULT-VALUE}).")
    int rollouts;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C", description = "Rollouts at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Scripted model (default: scripted/self-preserving?p=0.3 in-process, scripted/brief behind a server).")
    String model;

    @Option(names = "--against", paramLabel = "PROVIDER", description = "Go through this provider's SDK and a local server: anthropic, openai or google.")
    String against;

    @Option(names = "--latency-ms", defaultValue = "100", paramLabel = "MS", description = "The local server's answer time (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--warmup", defaultValue = "1000", paramLabel = "N",
            description = "Rollouts run first and not measured, so the JIT has compiled the hot paths (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--stats", description = {"Instead: simulate the statistics — exact coverage of the 95%% Wilson and Clopper–Pearson",
            "intervals for rates 0.5%%–99%%, early stopping against a 10%% threshold for rates 0–96%%, and the",
            "intervals and bias of stopped cells at 0.5–3 times the threshold, concurrency 1, 4 and 16 (--seed)."})
    boolean stats;

    @Option(names = "--templates", description = {"Instead: time rendering a template of about 1 MB of {{company.name}} placeholders",
            "(one a line), the work linting a pack with a large system.md does; prints milliseconds per render."})
    boolean templates;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the --stats simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", split = ",", paramLabel = "N,N,…", description = {"Instead: for each count, time that many `mirage worker --once`",
            "processes running a fresh detached run of count × --rollouts scripted rollouts (--latency-ms each call) in the --db store."})
    List<Integer> workers;

    @Option(names = "--soak", description = {"Instead: plan a detached run of --rollouts (default 5000) scripted rollouts (--latency-ms, default 50,",
            "a model call) into the --db store (default: a throw-away SQLite file), keep --workers (default 4) `mirage worker",
            "--once --concurrency` (default 8) processes on it, SIGKILL a random one --kills times and start another in its place;",
            "report rollouts lost, duplicated and re-run. Exits 1 if any was lost or duplicated."})
    boolean soak;

    @Option(names = "--kills", defaultValue = "20", paramLabel = "K", description = "With --soak: workers to kill (default: ${DEFAULT-VALUE}).")
    int kills;

    @picocli.CommandLine.Mixin Workspace workspace;

    @Option(names = "--startup", paramLabel = "N",
            description = "Instead: start `mirage --version` N times in fresh JVMs with this one's options and print the median wall time.")
    Integer startup;

    private static String retryReasons(RunStore store, RunSpec spec) {
        Map<String, Long> reasons = java.util.stream.IntStream.range(0, spec.total())
                .mapToObj(i -> store.rollout(spec.id(), i)).flatMap(Optional::stream)
                .flatMap(f -> f.rollout().calls().stream()).flatMap(c -> c.retries().stream())
                .collect(java.util.stream.Collectors.groupingBy(r -> r.error().length() > 70 ? r.error().substring(0, 70) + "…" : r.error(),
                        java.util.stream.Collectors.counting()));
        return reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> e.getValue() + "× " + e.getKey()).toList().toString();
    }

    private static long sizeIfAny(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** --soak: its own defaults for the options it shares with the other benches, unless given. */
    private int soak(PrintWriter out) throws IOException, InterruptedException {
        var given = command.commandLine().getParseResult();
        if (workers != null && (workers.size() != 1 || workers.getFirst() < 1)) throw new UsageException("--soak takes one --workers count, at least 1");
        if (kills < 0) throw new UsageException("--kills cannot be negative");
        SoakBench.Settings settings = new SoakBench.Settings(given.hasMatchedOption("--rollouts") ? rollouts : 5000,
                workers == null ? 4 : workers.getFirst(), kills, given.hasMatchedOption("--concurrency") ? concurrency : 8,
                given.hasMatchedOption("--latency-ms") ? latencyMs : 50, seed, Duration.ofHours(1));
        SoakBench.Result result = SoakBench.run(workspace.db, settings, command.commandLine().getErr());
        out.print(result.format(settings));
        out.flush();
        return result.clean() ? ExitCodes.OK : ExitCodes.INTERNAL;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (rollouts < 1 || concurrency < 1) throw new UsageException("--rollouts and --concurrency must be at least 1");
        PrintWriter out = command.commandLine().getOut();
        if (startup != null) {
            if (startup < 1) throw new UsageException("--startup must be at least 1");
            StartupBench.Result result = StartupBench.measure(startup);
            out.printf(Locale.ROOT, "startup: %d starts of mirage --version: median %.3f s (min %.3f, max %.3f)%n", startup, result.median(),
                    result.seconds().stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    result.seconds().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            out.flush();
            return ExitCodes.OK;
        }
        if (soak) return soak(out);
        if (workers != null) {
            if (workers.stream().anyMatch(n -> n < 1)) throw new UsageException("--workers counts must be at least 1");
            WorkersBench.measure(workspace, workspace.db, workers, rollouts, concurrency, latencyMs, out);
            return ExitCodes.OK;
        }
        if (stats) {
            long start = System.nanoTime();
            out.print(io.mirage.stats.Simulation.run(seed).format());
            out.print(io.mirage.stats.StoppedCellSimulation.run(io.mirage.stats.StoppedCellSimulation.Settings.DEFAULT, seed).format());
            out.printf(Locale.ROOT, "(simulated in %.1f s)%n", (System.nanoTime() - start) / 1e9);
            out.flush();
            return ExitCodes.OK;
        }
        if (templates) {
            out.print(TemplateBench.run());
            out.flush();
            return ExitCodes.OK;
        }
        ScenarioPack pack = new Workspace().library().load("blackmail");
        String scripted = model != null ? model : against == null ? "scripted/self-preserving?p=0.3" : "scripted/brief";
        int samples = (rollouts + pack.conditions().size() - 1) / pack.conditions().size();
        Path dir = Files.createTempDirectory("mirage-bench");
        LocalServer server = null;
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("bench.db"))) {
            String runModel = scripted;
            RunOptions options = new RunOptions(concurrency, true);
            if (against != null) {
                var backing = Workspace.models().resolve(scripted, new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles())));
                server = LocalServer.start(LocalServers.protocol(against), backing, FaultPlan.none(), Duration.ofMillis(latencyMs));
                server.recordBodies(false);
                runModel = against + "/bench";
                ModelSettings settings = ModelSettings.DEFAULTS.overriddenBy(new ModelSettings(null, null, null, null,
                        LocalServers.clientBaseUrl(against, server), null, Duration.ofSeconds(60), null, null, null, null, null, null, null));
                options = new RunOptions(concurrency, true, name -> settings, Map.of(LocalServers.keyVariable(against), LOCAL_KEY));
            }
            RunEngine engine = new RunEngine(store, Workspace.models(), Clock.systemUTC());
            int stored = 0;
            if (warmup > 0) {
                int warmupSamples = (warmup + pack.conditions().size() - 1) / pack.conditions().size();
                engine.execute(pack, RunLauncher.spec(pack, pack.conditions(), List.of(runModel), warmupSamples, -1, 10,
                        name -> ModelSettings.DEFAULTS, RunSpec.NATIVE_TOOLS), options, Progress.Listener.NONE);
                stored += warmupSamples * pack.conditions().size();
            }
            int callsBefore = server == null ? 0 : server.answered();
            RunSpec spec = RunLauncher.spec(pack, pack.conditions(), List.of(runModel), samples, System.nanoTime(), 10,
                    name -> ModelSettings.DEFAULTS, RunSpec.NATIVE_TOOLS);
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            new RunEngine(store, Workspace.models(), Clock.systemUTC()).execute(pack, spec, options,
                    TerminalProgress.forConsole(command.commandLine().getErr()));
            int calls = server == null ? 0 : server.answered() - callsBefore;
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1e6;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            RunSummary run = store.run(spec.id()).orElseThrow();
            int total = spec.total();
            out.printf(Locale.ROOT, "bench: %d rollouts of %s (%d conditions × %d samples), concurrency %d, %d cores, max heap %d MB,"
                            + " after %d warm-up rollouts%n",
                    total, runModel + (against == null ? "" : " → local " + against + " server backed by " + scripted),
                    pack.conditions().size(), samples, concurrency, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, warmup);
            stored += total;
            store.checkpoint();
            long bytes = Files.size(dir.resolve("bench.db")) + sizeIfAny(dir.resolve("bench.db-wal"));
            out.printf(Locale.ROOT, "  stored: %d completed, %d turn limit, %d errors, %d not run, %d retries; database %.1f MB,"
                            + " %.0f bytes per stored rollout (warm-up included)%n",
                    run.completed(), run.turnLimit(), run.errors(), run.pending(), run.retries(), bytes / 1e6, (double) bytes / stored);
            if (run.retries() > 0) out.println("  most common retried errors: " + retryReasons(store, spec));
            out.printf(Locale.ROOT, "  wall %.2f s  →  %.0f rollouts/s%n", seconds, total / seconds);
            if (server != null) {
                double perRollout = (double) calls / total;
                double ideal = Math.ceil((double) total / concurrency) * perRollout * latencyMs / 1000.0;
                out.printf(Locale.ROOT, "  %d model calls (%.1f a rollout) at %d ms each: ideal wall %.2f s, measured %.0f%% of ideal%n",
                        calls, perRollout, latencyMs, ideal, 100 * seconds / ideal);
            }
            out.printf(Locale.ROOT, "  CPU  %.3f ms per rollout (all threads%s)%n", cpuMs / total, server == null ? "" : ", server included");
            out.printf(Locale.ROOT, "  peak heap %d MB (sum of heap pool peaks)%n", peakHeap >> 20);
            out.flush();
        } finally {
            if (server != null) server.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return ExitCodes.OK;
    }
}
