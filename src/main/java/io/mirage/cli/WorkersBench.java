package io.mirage.cli;

import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * `mirage bench --workers 1,2,4`: for each count N, plans a fresh run of N × R scripted rollouts
 * (`--detach`) into the store and times N `mirage worker --once` processes running it, from their
 * start to the last one's exit (start-up included). Each worker gets the same R rollouts to run, so
 * N workers reach N times one's rate when they scale.
 */
final class WorkersBench {
    /** One count's measurement: the rollouts the run held, the wall time, rollouts per second. */
    record Result(int workers, int rollouts, double seconds) {
        double rate() {
            return rollouts / seconds;
        }
    }

    private WorkersBench() {}

    /** {@code db}: the --db given, or null for $MIRAGE_DB (which the workers inherit). */
    static List<Result> measure(Workspace workspace, String db, List<Integer> counts, int perWorker, int concurrency, long latencyMs,
                                PrintWriter out) throws java.io.IOException, InterruptedException {
        List<Result> results = new ArrayList<>();
        long stamp = System.currentTimeMillis();
        for (int n : counts) {
            int samples = Math.max(1, (int) Math.ceil(n * (double) perWorker / 18)); // the blackmail grid has 18 cells
            String name = "bench-workers-" + n + "-" + stamp;
            StringWriter planned = new StringWriter();
            List<String> plan = new ArrayList<>(List.of("run", "--scenario", "blackmail", "--model",
                    "scripted/self-preserving?p=0.3&latency_ms=" + latencyMs, "--samples", String.valueOf(samples), "--name", name, "--tag", "bench",
                    "--detach"));
            if (db != null) plan.addAll(List.of("--db", db));
            int code = Main.execute(plan.toArray(String[]::new), new PrintWriter(planned), new PrintWriter(planned));
            if (code != ExitCodes.OK) throw new IllegalStateException("planning the bench run failed: " + planned);
            long start = System.nanoTime();
            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < n; i++) workers.add(worker(db, concurrency));
            for (Process p : workers) {
                if (p.waitFor() != 0) throw new IllegalStateException("a bench worker failed with exit code " + p.exitValue());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int done;
            try (RunStore store = workspace.openStore()) {
                RunSummary run = store.runs().stream().filter(r -> r.spec().name().equals(name)).findFirst().orElseThrow();
                if (run.pending() > 0) throw new IllegalStateException("the workers left " + run.pending() + " rollouts of " + run.id());
                done = run.planned();
            }
            Result result = new Result(n, done, seconds);
            results.add(result);
            out.printf(Locale.ROOT, "%d worker%s × %d at once: %d rollouts in %.1f s = %.1f rollouts/s (%.2f× the first)%n", n, n == 1 ? "" : "s",
                    concurrency, done, seconds, result.rate(), result.rate() / results.getFirst().rate());
            out.flush();
        }
        return results;
    }

    private static Process worker(String db, int concurrency) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "worker", "--once", "--concurrency", String.valueOf(concurrency)));
        if (db != null) command.addAll(List.of("--db", db));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
