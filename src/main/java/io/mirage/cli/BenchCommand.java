package io.mirage.cli;

import io.mirage.model.ModelSettings;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "bench", description = {
        "Benchmark the engine: scripted rollouts of the blackmail grid, stored in a fresh temporary database.",
        "Prints rollouts per second, CPU milliseconds per rollout and peak heap."})
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec command;

    @Option(names = "--rollouts", defaultValue = "10000", paramLabel = "N", description = "Rollouts to run (default: ${DEFAULT-VALUE}).")
    int rollouts;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C", description = "Rollouts at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--model", defaultValue = "scripted/self-preserving?p=0.3", description = "Scripted model to run (default: ${DEFAULT-VALUE}).")
    String model;

    @Override
    public Integer call() throws IOException {
        if (rollouts < 1 || concurrency < 1) throw new UsageException("--rollouts and --concurrency must be at least 1");
        PrintWriter out = command.commandLine().getOut();
        ScenarioPack pack = new Workspace().library().load("blackmail");
        int samples = (rollouts + pack.conditions().size() - 1) / pack.conditions().size();
        RunSpec spec = RunLauncher.spec(pack, pack.conditions(), List.of(model), samples, System.nanoTime(), 10,
                name -> ModelSettings.DEFAULTS, RunSpec.NATIVE_TOOLS);
        Path dir = Files.createTempDirectory("mirage-bench");
        try (RunStore store = SqliteRunStore.open(dir.resolve("bench.db"))) {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            new RunEngine(store, Workspace.models(), Clock.systemUTC()).execute(pack, spec, new RunOptions(concurrency, true),
                    TerminalProgress.forConsole(command.commandLine().getErr()));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1e6;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            RunSummary run = store.run(spec.id()).orElseThrow();
            int total = spec.total();
            out.printf(Locale.ROOT, "bench: %d rollouts (%s, %d conditions × %d samples), concurrency %d, %d cores, max heap %d MB%n",
                    total, model, pack.conditions().size(), samples, concurrency, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            out.printf(Locale.ROOT, "  stored: %d completed, %d turn limit, %d errors, %d not run; database %d MB%n",
                    run.completed(), run.turnLimit(), run.errors(), run.pending(), Files.size(dir.resolve("bench.db")) >> 20);
            out.printf(Locale.ROOT, "  wall %.2f s  →  %.0f rollouts/s%n", seconds, total / seconds);
            out.printf(Locale.ROOT, "  CPU  %.3f ms per rollout (all threads)%n", cpuMs / total);
            out.printf(Locale.ROOT, "  peak heap %d MB (sum of heap pool peaks)%n", peakHeap >> 20);
            out.flush();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return ExitCodes.OK;
    }
}
