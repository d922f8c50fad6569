package io.mirage.cli;

import io.mirage.TestPacks;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.LocalServers;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelSettings;
import io.mirage.model.scripted.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every line of README's Usage block is run, as written, and exits as documented: once as its
 * minimal form (optional [parts] left out) and once with every optional part given. Placeholders
 * get real values (RUN: the run the README's own `run` line made; PACK: blackmail; MODEL: the
 * scripted judge double), every store command gets this test's --db, and files go to a temp folder.
 * Some lines need a stand-in the README cannot show: `models check` is pointed at a local
 * OpenAI-protocol server, `serve` runs in its own process on a free port until it is seen serving,
 * and sizes are scaled down to keep the suite fast: `--samples 200` runs 20, and `bench` runs 500
 * rollouts after 100 warm-up ones instead of 10,000 after 1,000 (the engine's throughput is measured by `bench` itself, not here).
 */
final class ReadmeUsageTest {
    /** Subcommands that read or write the workspace store. */
    private static final Set<String> STORE_COMMANDS = Set.of("run", "runs", "resume", "show", "delete", "report", "export", "judge",
            "compare", "serve", "worker");

    @TempDir Path tmp;

    /** The Usage block's command lines, continuation lines joined and comments dropped. */
    static List<String> usageLines() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf("## Usage");
        assertTrue(start >= 0, "README has a Usage section");
        int open = start + 1;
        while (!lines.get(open).startsWith("```")) open++;
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = open + 1; !lines.get(i).startsWith("```"); i++) {
            String line = lines.get(i).replaceFirst("\\s+#.*$", "").strip();
            if (line.isEmpty()) continue;
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                commands.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return commands;
    }

    /** The line without its optional parts, or with them all (the first of a|b|c choices). */
    static String variant(String line, boolean full) {
        Matcher m = Pattern.compile("\\[([^\\]]*)\\]").matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String inside = m.group(1);
            String chosen = !full ? "" : String.join(" ", java.util.Arrays.stream(inside.split(" "))
                    .map(t -> t.contains("|") && !t.contains("=") ? t.substring(0, t.indexOf('|')) : t).toList());
            m.appendReplacement(out, Matcher.quoteReplacement(chosen));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    /** Words of a shell line (single quotes kept together, as the shell would). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2));
        return out;
    }

    private record Outcome(int code, String out, String err) {}

    private List<String> args(List<String> words, Map<String, String> values) {
        List<String> args = new ArrayList<>();
        for (String w : words.subList(1, words.size())) args.add(w.equals("RUN|NAME") ? values.get("RUN") : values.getOrDefault(w, w));
        if (STORE_COMMANDS.contains(args.getFirst())) args.addAll(List.of("--db", tmp.resolve("w.db").toString()));
        return args;
    }

    private static Outcome inProcess(List<String> args) {
        CommandLineRun r = CommandLineRun.of(args.toArray(String[]::new));
        return new Outcome(r.code(), r.out(), r.err());
    }

    private Process process(List<String> args) throws Exception {
        return process(args, tmp);
    }

    private static Process process(List<String> args, Path workingDirectory) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.mirage.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
    }

    @Test
    void everyUsageLine_runsAndExitsAsDocumented() throws Exception {
        List<String> lines = usageLines();
        assertTrue(lines.size() >= 20, "the Usage block was read: " + lines);
        var pack = TestPacks.blackmail();
        var backing = new ScriptedProvider().create(ModelName.parse("scripted/compliant"),
                new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles())));
        try (LocalServer openai = LocalServer.start(LocalServers.protocol("openai"), backing, FaultPlan.none(), Duration.ZERO)) {
            Map<String, String> values = new java.util.HashMap<>(Map.of("PACK", "blackmail", "MODEL", "scripted/judge",
                    "NAME", "readme", "TAG", "readme-tag", "N", "5", "USD", "1.00", "DIR", tmp.resolve("dir").toString(),
                    "experiment.yaml", tmp.resolve("experiment.yaml").toString(), "report.html", tmp.resolve("report.html").toString()));
            for (String file : List.of("rollouts.csv", "run.duckdb", "transcripts.jsonl")) values.put(file, tmp.resolve(file).toString());
            List<String> deferred = new ArrayList<>();
            int ran = 0;
            for (String line : lines) {
                for (boolean full : List.of(false, true)) {
                    String variant = variant(line, full);
                    for (String alternative : variant.split(" \\| ")) {
                        List<String> words = words(alternative.startsWith("./mirage") ? alternative : "./mirage compare " + alternative);
                        if (words.get(1).equals("delete")) {
                            deferred.add(alternative);  // last: it removes the run the other lines read
                            continue;
                        }
                        check(words, values, full, openai);
                        ran++;
                    }
                    if (variant.equals(variant(line, true))) break;
                }
            }
            for (String line : deferred) check(words(line), values, line.contains("--yes"), openai);
            assertTrue(ran >= 30, "ran " + ran + " command lines");
        }
    }

    private void check(List<String> words, Map<String, String> values, boolean full, LocalServer openai) throws Exception {
        List<String> args = args(words, values);
        String command = args.getFirst();
        String shown = String.join(" ", args);
        switch (command) {
            case "serve" -> {
                args.replaceAll(a -> a.equals("8484") ? "0" : a);
                if (!args.contains("--port")) args.addAll(List.of("--port", "0"));
                Process serve = process(args);
                try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                    String first = out.readLine();
                    assertTrue(first != null && first.startsWith("Serving "), shown + ": " + first);
                    assertTrue(serve.isAlive(), shown + " keeps serving");
                } finally {
                    serve.destroy();
                    serve.waitFor(10, TimeUnit.SECONDS);
                }
                return;
            }
            case "delete" -> {
                Process delete = process(args);
                delete.getOutputStream().write("n\n".getBytes(StandardCharsets.UTF_8));
                delete.getOutputStream().close();
                assertTrue(delete.waitFor(60, TimeUnit.SECONDS), shown);
                String out = new String(delete.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, delete.exitValue(), shown + ": " + out);
                assertTrue(out.contains(full ? "Deleted" : "Nothing deleted"), shown + ": " + out);
                return;
            }
            case "init" -> {
                if (args.size() == 1) {  // writes ./experiment.yaml: run it in a folder of its own
                    Path here = Files.createDirectories(tmp.resolve("init-here"));
                    Process init = process(args, here);
                    assertTrue(init.waitFor(60, TimeUnit.SECONDS), shown);
                    assertEquals(0, init.exitValue(), shown);
                    assertTrue(Files.exists(here.resolve("experiment.yaml")), shown);
                    return;
                }
            }
            case "models" -> args.addAll(List.of("--base-url", LocalServers.clientBaseUrl("openai", openai), "--api-key-env", "PATH"));
            case "bench" -> {
                args.replaceAll(a -> a.equals("10000") ? "500" : a);
                if (!args.contains("--rollouts") && !args.contains("--stats")) args.addAll(List.of("--rollouts", "500", "--warmup", "100"));
                else if (args.contains("--rollouts")) args.addAll(List.of("--warmup", "100"));
            }
            default -> { }
        }
        if (command.equals("run")) args.replaceAll(a -> a.equals("200") ? "20" : a);
        Outcome r = inProcess(args);
        int expected = expectedExit(args);
        assertEquals(expected, r.code(), shown + "\n" + r.err());
        assertFalse(r.err().contains("\tat io.mirage"), shown + " printed a stack trace");
        if (command.equals("run") && args.contains("--scenario") && !values.containsKey("RUN")) {
            Matcher m = Pattern.compile("(?:Starting|Resuming) run (\\S+?):").matcher(r.err());
            assertTrue(m.find(), r.err());
            values.put("RUN", m.group(1));
            values.put("RUN_A", m.group(1));
            // RUN_B: the same models in a separate run (compare pairs runs of the same models, or of one model each)
            Outcome other = inProcess(List.of("run", "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.3", "--model",
                    "scripted/compliant", "--samples", "20", "--name", "other", "--no-html", "--db", tmp.resolve("w.db").toString()));
            assertEquals(0, other.code(), other.err());
            Matcher o = Pattern.compile("Starting run (\\S+?):").matcher(other.err());
            assertTrue(o.find(), other.err());
            values.put("RUN_B", o.group(1));
        }
        if (command.equals("report") && args.contains("--html")) assertTrue(Files.size(tmp.resolve("report.html")) > 10_000);
        if (command.equals("init")) assertTrue(Files.exists(tmp.resolve("experiment.yaml")));
    }

    /** What the README documents: 0, except a budget for a model without prices, which is refused with exit 2. */
    private static int expectedExit(List<String> args) {
        boolean budget = args.contains("--max-cost");
        if (budget && (args.getFirst().equals("judge") || args.getFirst().equals("validate"))) return 2;
        return 0;
    }
}
