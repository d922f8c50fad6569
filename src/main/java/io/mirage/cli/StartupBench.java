package io.mirage.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Start-up time: `mirage --version` in fresh JVMs with this JVM's options (so ./mirage's archive too), timed whole. */
final class StartupBench {
    /** Wall times in seconds, one per start, in the order measured. */
    record Result(List<String> command, List<Double> seconds) {
        Result {
            command = List.copyOf(command);
            seconds = List.copyOf(seconds);
        }

        double median() {
            List<Double> sorted = seconds.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }

    private StartupBench() {}

    static List<String> command() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--version"));
        return command;
    }

    static Result measure(int starts) throws IOException, InterruptedException {
        List<String> command = command();
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("mirage --version did not exit within 60 s");
            }
            if (process.exitValue() != 0) throw new IllegalStateException("mirage --version exited with " + process.exitValue());
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        return new Result(command, seconds);
    }
}
