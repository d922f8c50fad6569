package io.mirage.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's fuzz suite: mutated copies of the built-in blackmail pack (linted) and of a models file (loaded by a dry
 * run), each of which must either load or be refused with exit 2 and a message naming a file and a fix, with the line
 * where the input has one. Never a stack trace, never exit 1, never a hang (10 s an input) or running out of memory.
 * The seed is fixed and printed; set -Dmirage.fuzz.seed=N to try others.
 */
final class InputFuzzTest {
    static final long SEED = Long.getLong("mirage.fuzz.seed", 20260615L);
    static final int PACK_INPUTS = 170;
    static final int MODELS_INPUTS = 60;
    private static final Duration BOUND = Duration.ofSeconds(10);
    /** An InputProblem as printed: file, optional line, message, " — " and a fix. */
    private static final Pattern PROBLEM = Pattern.compile("(?m)^\\s*(error: )?(\\S*?)(:(\\d+))?: .+ — .+$");

    private static Path root;
    private static Path pristine;
    private static long started;
    private static final java.util.concurrent.atomic.AtomicInteger loaded = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

    private static final String MODELS = """
            models:
              "*":
                timeout_seconds: 90
                requests_per_minute: 50
              scripted/compliant:
                temperature: 1.0
                max_output_tokens: 4096
                thinking_budget: 2048
                reasoning_effort: low
                base_url: http://localhost:11434/v1
                stream: true
                prices: { input: 3.0, output: 15.0, cached_input: 0.3 }
            """;

    @BeforeAll
    static void copyPack() throws Exception {
        root = Files.createTempDirectory("mirage-fuzz");
        pristine = HardeningCliTest.copyBlackmail(root.resolve("pristine"));
        Files.writeString(root.resolve("secret.txt"), "root:x:0:0:root:/root:/bin/bash\n");
        started = System.nanoTime();
        System.out.println("InputFuzzTest: seed " + SEED + " (-Dmirage.fuzz.seed=N to change), " + (PACK_INPUTS + MODELS_INPUTS) + " inputs");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        System.out.printf("InputFuzzTest: %d inputs in %.1f s: %d loaded, %d refused with exit 2%n", PACK_INPUTS + MODELS_INPUTS,
                (System.nanoTime() - started) / 1e9, loaded.get(), refused.get());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** One mutation: what it did, and whether the input it makes has lines to point at. */
    private record Mutated(String description, byte[] bytes) {}

    @TestFactory
    Stream<DynamicTest> mutatedPacks_loadOrFailWithFileLineAndFix() {
        Random random = new Random(SEED);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < PACK_INPUTS; i++) {
            long inputSeed = random.nextLong();
            int n = i;
            tests.add(DynamicTest.dynamicTest("pack input " + i + " (seed " + inputSeed + ")", () -> packInput(n, new Random(inputSeed))));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> mutatedModelsFiles_loadOrFailWithFileLineAndFix() {
        Random random = new Random(SEED ^ 0x5DEECE66DL);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < MODELS_INPUTS; i++) {
            long inputSeed = random.nextLong();
            int n = i;
            tests.add(DynamicTest.dynamicTest("models input " + i + " (seed " + inputSeed + ")", () -> modelsInput(n, new Random(inputSeed))));
        }
        return tests.stream();
    }

    private void packInput(int n, Random random) throws Exception {
        Path packs = root.resolve("packs-" + n);
        Path pack = packs.resolve("blackmail");
        copyTree(pristine, pack);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(pack)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        // Mostly the manifest, where the structure is; sometimes a template, an email or a rubric.
        Path target = random.nextInt(3) > 0 ? pack.resolve("pack.yaml") : files.get(random.nextInt(files.size()));
        String description;
        if (random.nextInt(12) == 0) {
            Path link = files.stream().filter(f -> !f.getFileName().toString().equals("pack.yaml")).toList()
                    .get(random.nextInt(files.size() - 1));
            Files.delete(link);
            Files.createSymbolicLink(link, root.resolve("secret.txt"));
            description = "symlink " + pack.relativize(link) + " -> outside";
            target = link;
        } else {
            Mutated m = mutate(Files.readAllBytes(target), random, target.getFileName().toString().endsWith(".yaml"));
            Files.write(target, m.bytes());
            description = m.description() + " in " + pack.relativize(target);
        }
        CommandLineRun r = assertTimeoutPreemptively(BOUND, () -> CommandLineRun.of("scenarios", "lint", "--scenarios", packs.toString(), "blackmail"),
                description);
        check(r, description, pack.toString());
        if (r.code() == 2 && description.startsWith("symlink")) {
            assertTrue(r.out().contains("leads outside the pack folder") || !r.out().contains(pack.relativize(target).toString()),
                    description + ": " + r.out());
        }
        assertFalse(r.out().contains("root:x:0:0"), description + ": a file outside the pack was read: " + r.out());
    }

    private void modelsInput(int n, Random random) throws Exception {
        Path file = root.resolve("models-" + n + ".yaml");
        Mutated m = random.nextInt(3) == 0 ? valueMutation(random) : mutate(MODELS.getBytes(StandardCharsets.UTF_8), random, true);
        Files.write(file, m.bytes());
        CommandLineRun r = assertTimeoutPreemptively(BOUND, () -> CommandLineRun.of("run", "--dry-run", "--scenario", "blackmail",
                "--model", "scripted/compliant", "--samples", "1", "--models", file.toString(), "--db", root.resolve("fuzz.db").toString()),
                m.description());
        check(r, m.description() + " in the models file", file.toString());
    }

    /** Exit 0, or exit 2 with every reported problem naming a file (with its line, for a YAML syntax error) and a fix. */
    private static void check(CommandLineRun r, String description, String where) {
        String all = r.out() + r.err();
        String context = description + "\n--- out:\n" + r.out() + "\n--- err:\n" + r.err();
        assertTrue(r.code() == 0 || r.code() == 2, "exit " + r.code() + " for " + context);
        assertFalse(all.contains("\tat ") || all.contains("internal error") || all.contains("Exception"), "a stack trace or internal error: " + context);
        (r.code() == 0 ? loaded : refused).incrementAndGet();
        if (r.code() == 0) return;
        var m = PROBLEM.matcher(all);
        assertTrue(m.find(), "no 'file[:line]: message — fix' in " + context);
        assertTrue(all.contains(where) || all.contains("(built-in)"), "the message names no file under " + where + ": " + context);
        if (all.contains("not valid YAML")) assertTrue(Pattern.compile("\\.yaml:\\d+: not valid YAML").matcher(all).find(), "no line: " + context);
    }

    private static final List<String> SCALARS = List.of("~", "null", "[]", "{}", "[a, b]", "{ k: v }", "-1", "0", "1e309", ".nan", ".inf",
            "-.inf", "99999999999999999999999", "2147483648", "\"\"", "'{{nope}}'", "true", "\"\\u0000\"", "!!binary aGVsbG8=", "*undefined",
            "&a [*a]", "|\n  block", "'unterminated");

    private static Mutated mutate(byte[] original, Random random, boolean yaml) {
        String text = new String(original, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(text.lines().toList());
        int kind = random.nextInt(yaml ? 14 : 8);
        int at = lines.isEmpty() ? 0 : random.nextInt(lines.size());
        switch (kind) {
            case 0 -> {
                if (!lines.isEmpty()) lines.remove(at);
                return text("delete line " + (at + 1), lines);
            }
            case 1 -> {
                if (!lines.isEmpty()) lines.add(at, lines.get(at));
                return text("duplicate line " + (at + 1), lines);
            }
            case 2 -> {
                int cut = text.isEmpty() ? 0 : random.nextInt(text.length());
                return new Mutated("truncate at " + cut, text.substring(0, cut).getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> {
                byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xE9, (byte) 0x80};
                int pos = original.length == 0 ? 0 : random.nextInt(original.length);
                byte[] out = new byte[original.length + 1];
                System.arraycopy(original, 0, out, 0, pos);
                out[pos] = bad[random.nextInt(bad.length)];
                System.arraycopy(original, pos, out, pos + 1, original.length - pos);
                return new Mutated("invalid UTF-8 byte at offset " + pos, out);
            }
            case 4 -> {
                String noise = List.of(":", "- ", "{", "}", "[", "\"", "'", "\t", "#", "&", "*", "!", "%", "@", "`", "{{", "}}", "\u0000")
                        .get(random.nextInt(18));
                int pos = text.isEmpty() ? 0 : random.nextInt(text.length());
                return new Mutated("insert '" + noise + "' at " + pos, (text.substring(0, pos) + noise + text.substring(pos)).getBytes(StandardCharsets.UTF_8));
            }
            case 5 -> {
                return new Mutated("huge file", (text + "x".repeat(6 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8));
            }
            case 6 -> {
                String placeholder = List.of("{{unknown.name}}", "{{", "{{company.name}}".repeat(20_000), "{{ a b }}").get(random.nextInt(4));
                lines.add(at, placeholder);
                return text("insert a placeholder at line " + (at + 1), lines);
            }
            case 7 -> {
                return new Mutated("empty file", new byte[0]);
            }
            case 8 -> {
                if (!lines.isEmpty()) lines.set(at, lines.get(at).startsWith("  ") ? lines.get(at).substring(2) : "  " + lines.get(at));
                return text("re-indent line " + (at + 1), lines);
            }
            case 9, 10 -> {
                for (int tries = 0; tries < 50 && !lines.isEmpty(); tries++, at = random.nextInt(lines.size())) {
                    String line = lines.get(at);
                    int colon = line.indexOf(": ");
                    if (colon > 0 && !line.strip().startsWith("#")) {
                        String value = SCALARS.get(random.nextInt(SCALARS.size()));
                        lines.set(at, line.substring(0, colon + 2) + value);
                        return text("set line " + (at + 1) + "'s value to " + value.replace("\n", "\\n"), lines);
                    }
                }
                return text("no value to change", lines);
            }
            case 11 -> {
                StringBuilder bomb = new StringBuilder("lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
                for (int i = 1; i < 10; i++) {
                    bomb.append("lol").append(i).append(": &l").append(i).append(" [");
                    for (int j = 0; j < 9; j++) bomb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
                    bomb.append("]\n");
                }
                return new Mutated("alias bomb", (bomb + text).getBytes(StandardCharsets.UTF_8));
            }
            case 12 -> {
                int depth = List.of(49, 51, 200, 20_000).get(random.nextInt(4));
                boolean flow = random.nextBoolean();
                String nested = flow ? "deep: " + "[".repeat(depth) + "]".repeat(depth) + "\n" : deepBlock(depth);
                return new Mutated((flow ? "flow" : "block") + " nesting " + depth + " deep", (text + "\n" + nested).getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                if (!lines.isEmpty() && lines.get(at).contains(":")) {
                    String line = lines.get(at);
                    lines.set(at, line.substring(0, line.indexOf(':') + 1) + " &anchor\n" + " ".repeat(indent(line) + 2) + "- *anchor");
                }
                return text("recursive alias at line " + (at + 1), lines);
            }
        }
    }

    private static String deepBlock(int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(depth, 2_000); i++) sb.append(" ".repeat(i)).append("k").append(i).append(":\n");
        return sb.toString();
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') i++;
        return i;
    }

    private static Mutated text(String description, List<String> lines) {
        return new Mutated(description, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A models-file value of the wrong type or out of range. */
    private static Mutated valueMutation(Random random) {
        List<String> keys = List.of("temperature", "max_output_tokens", "thinking_budget", "reasoning_effort", "base_url", "stream",
                "timeout_seconds", "requests_per_minute", "concurrency", "api_key_env", "api_key", "prices", "unknown_key");
        List<String> values = List.of("NaN", ".nan", "-.inf", "1e309", "-1", "0", "99999999999999999999", "ludicrous", "file:///etc/passwd",
                "http://", "http:///v1", "ftp://host/", "\"http://host/v1?x=1\"", "[1, 2]", "{ a: 1 }", "~", "yes", "\"\"", "3.5", "HIGH");
        String key = keys.get(random.nextInt(keys.size()));
        String value = values.get(random.nextInt(values.size()));
        Function<String, String> entry = v -> "models:\n  scripted/compliant:\n    " + key + ": " + v + "\n";
        return new Mutated("set " + key + " to " + value, entry.apply(value).getBytes(StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
