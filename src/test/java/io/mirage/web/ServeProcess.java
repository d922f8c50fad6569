package io.mirage.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `mirage serve` in its own JVM, as a user starts it; stopped (SIGTERM, then kill) on close. */
final class ServeProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("Serving .* at (http://\\S+/)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    final String url;

    private ServeProcess(Process process, Path stdout, Path stderr, String url) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.url = url;
    }

    record Exited(int code, String out, String err) {}

    static ProcessBuilder builder(Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.mirage.cli.Main", "serve"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove(AccessToken.ENV);
        builder.environment().putAll(env);
        return builder;
    }

    /** Starts the server and waits for the line that names its address. */
    static ServeProcess start(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "serve-out", ".txt");
        Path err = Files.createTempFile(dir, "serve-err", ".txt");
        Process process = builder(dir, env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(Files.readString(out));
            if (m.find()) return new ServeProcess(process, out, err, m.group(1));
            if (!process.isAlive()) {
                throw new IllegalStateException("mirage serve exited with " + process.exitValue() + ": " + Files.readString(err));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("mirage serve printed no address within 60 s: " + Files.readString(err));
    }

    /** Runs a serve command that is expected to stop by itself (e.g. refused input). */
    static Exited runToExit(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process process = builder(dir, env, args).start();
        process.getOutputStream().close();
        String out;
        String err;
        try (BufferedReader o = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedReader e = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("mirage serve did not exit");
            }
            out = String.join("\n", o.lines().toList());
            err = String.join("\n", e.lines().toList());
        }
        return new Exited(process.exitValue(), out, err);
    }

    String output() throws IOException {
        return Files.readString(stdout) + Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
