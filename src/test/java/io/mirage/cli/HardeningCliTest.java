package io.mirage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15 "Hardening": inputs that crashed, hung or were accepted silently now end in exit 2 with file, line and fix. */
final class HardeningCliTest {
    @TempDir Path tmp;

    private String db() {
        return tmp.resolve("w.db").toString();
    }

    static Path copyBlackmail(Path into) throws IOException, URISyntaxException {
        Path from = Path.of(HardeningCliTest.class.getClassLoader().getResource("scenarios/blackmail/pack.yaml").toURI()).getParent();
        Path to = into.resolve("blackmail");
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }

    private static void assertRefused(CommandLineRun r, String... fragments) {
        String all = r.out() + r.err();
        assertEquals(2, r.code(), all);
        assertFalse(all.contains("\tat ") || all.contains("internal error"), all);
        for (String f : fragments) assertTrue(all.contains(f), "expected '" + f + "' in: " + all);
    }

    private CommandLineRun dryRun(String... extra) {
        String[] base = {"run", "--scenario", "blackmail", "--model", "scripted/compliant", "--dry-run", "--db", db()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CommandLineRun.of(args);
    }

    @Test
    void hugeSamples_areRefusedBeforeThePlanIsBuilt_withTheSize() {
        assertRefused(dryRun("--samples", "2147483647"), "18 conditions × 1 models × 2147483647 samples", "more than the cap of 10,000,000", "--samples");
        assertRefused(dryRun("--samples", "100000000"), "1,800,000,000 rollouts");
    }

    @Test
    void dryRun_reportsThePlanSize() {
        CommandLineRun r = dryRun("--samples", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("18 conditions × 1 models × 3 samples = 54 rollouts"), r.out());
    }

    @Test
    void aPackWithAMillionConditions_isRefusedQuickly_withTheManifestLine() throws Exception {
        Path dir = copyBlackmail(tmp.resolve("packs"));
        Path manifest = dir.resolve("pack.yaml");
        String text = Files.readString(manifest);
        StringBuilder factors = new StringBuilder("factors:\n");
        for (int i = 0; i < 22; i++) {
            factors.append("  - name: f").append(i).append("\n    levels:\n      - name: a\n      - name: b\n");
        }
        Files.writeString(manifest, text.replace("factors:\n", factors.toString()));
        CommandLineRun r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CommandLineRun.of("scenarios", "lint", "--scenarios",
                tmp.resolve("packs").toString(), "blackmail"));
        assertRefused(r, "conditions (the product of their level counts), more than the cap of 100000", manifest + ":");
    }

    @Test
    void aFileBaseUrl_isAUsageError_fromTheFlagAndTheModelsFile() throws IOException {
        assertRefused(dryRun("--base-url", "file:///etc/passwd"), "--base-url must be an http:// or https:// URL");
        assertRefused(dryRun("--base-url", "http:///v1"), "--base-url must name a host");
        Path models = tmp.resolve("models.yaml");
        Files.writeString(models, "models:\n  \"*\":\n    base_url: file:///etc/passwd\n");
        assertRefused(dryRun("--models", models.toString()), models + ":3: 'models.*.base_url' must be an http:// or https:// URL");
        assertEquals(0, dryRun("--base-url", "http://localhost:8080/v1").code());
    }

    @Test
    void anUnknownReasoningEffort_isRefused_withTheDocumentedOnes() throws IOException {
        assertRefused(dryRun("--reasoning-effort", "ludicrous"), "'ludicrous'", "minimal, low, medium, high");
        Path models = tmp.resolve("models.yaml");
        Files.writeString(models, "models:\n  openai/gpt-5:\n    reasoning_effort: ludicrous\n");
        assertRefused(dryRun("--models", models.toString()), models + ":3:");
        assertEquals(0, dryRun("--reasoning-effort", "minimal").code());
    }

    @Test
    void emptyConditionPieces_areRefused() {
        assertRefused(dryRun("--condition", ",,,"), "--condition", "empty piece");
        assertRefused(dryRun("--condition", "goal=explicit|"), "--condition", "'goal=explicit|' has an empty level");
        assertRefused(dryRun("--condition", "goal=|explicit"), "empty level");
    }

    @Test
    void anUnknownDecideOnBehaviour_isRefusedBeforeAnythingIsStored() {
        assertRefused(dryRun("--stop-when-decided", "--threshold", "0.1", "--decide-on", "nonsense"),
                "--decide-on: no behaviour 'nonsense'", "blackmail, leak");
        CommandLineRun real = CommandLineRun.of("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--samples", "1",
                "--db", db(), "--stop-when-decided", "--threshold", "0.1", "--decide-on", "nonsense");
        assertRefused(real, "no behaviour 'nonsense'");
        assertFalse(real.err().contains("Starting run"), real.err());
    }

    @Test
    void aScriptedLatencyBeyondAMinute_isRefused_notWaitedFor() {
        CommandLineRun r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandLineRun.of("run", "--scenario", "blackmail",
                "--model", "scripted/compliant?latency_ms=99999999999999", "--samples", "1", "--limit", "1", "--db", db()));
        assertRefused(r, "latency_ms must be at most 60000");
    }

    @Test
    void aFolderWithoutPackYaml_isNotReplacedByTheBuiltInPack() throws IOException {
        Files.createDirectories(tmp.resolve("packs/blackmail"));
        Files.writeString(tmp.resolve("packs/blackmail/system.md"), "hello");
        CommandLineRun r = CommandLineRun.of("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--dry-run",
                "--scenarios", tmp.resolve("packs").toString(), "--db", db());
        assertRefused(r, tmp.resolve("packs/blackmail/pack.yaml").toString(), "holds no pack.yaml", "built-in pack 'blackmail' is not used");
    }

    @Test
    void aNullTitle_isEmpty_notTheText() throws Exception {
        Path dir = copyBlackmail(tmp.resolve("packs"));
        Path manifest = dir.resolve("pack.yaml");
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.replaceFirst("(?m)^title: .*$", "title: ~"));
        CommandLineRun r = CommandLineRun.of("scenarios", "lint", "--scenarios", tmp.resolve("packs").toString(), "blackmail");
        assertRefused(r, "'title' is empty");
    }

    @Test
    void aSymlinkOutOfThePack_isRefused_withFileAndFix() throws Exception {
        Path dir = copyBlackmail(tmp.resolve("packs"));
        Path outside = tmp.resolve("secret.txt");
        Files.writeString(outside, "root:x:0:0:root:/root:/bin/bash");
        Path body;
        try (var emails = Files.list(dir.resolve("emails"))) {
            body = emails.sorted().findFirst().orElseThrow();
        }
        Files.delete(body);
        Files.createSymbolicLink(body, outside);
        CommandLineRun r = CommandLineRun.of("scenarios", "lint", "--scenarios", tmp.resolve("packs").toString(), "blackmail");
        assertRefused(r, body.toString(), "leads outside the pack folder", "copy the file into the pack folder");
        assertFalse(r.out().contains("root:x:0:0"), r.out());
    }

    @Test
    void invalidUtf8_isNamedAsSuch_withLineAndOffset() throws Exception {
        Path dir = copyBlackmail(tmp.resolve("packs"));
        Path manifest = dir.resolve("pack.yaml");
        byte[] bytes = Files.readAllBytes(manifest);
        byte[] broken = new byte[bytes.length + 1];
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("\n", 10) + 1; // start of line 2
        System.arraycopy(bytes, 0, broken, 0, at);
        broken[at] = (byte) 0xE9; // Latin-1 'é'
        System.arraycopy(bytes, at, broken, at + 1, bytes.length - at);
        Files.write(manifest, broken);
        CommandLineRun r = CommandLineRun.of("scenarios", "lint", "--scenarios", tmp.resolve("packs").toString(), "blackmail");
        assertRefused(r, manifest + ":2: not UTF-8 text: byte 0xE9 at byte offset " + at, "save the file as UTF-8");
    }

    @Test
    void aHugePackFile_isRefusedAsTooLarge() throws Exception {
        Path dir = copyBlackmail(tmp.resolve("packs"));
        Files.writeString(dir.resolve("system.md"), "x".repeat(6 * 1024 * 1024));
        CommandLineRun r = CommandLineRun.of("scenarios", "lint", "--scenarios", tmp.resolve("packs").toString(), "blackmail");
        assertRefused(r, dir.resolve("system.md") + ": the file is too large", "5 MiB");
    }

    @Test
    void anAliasBomb_orDeepNesting_inTheModelsFile_isExit2_withALine() throws IOException {
        Path models = tmp.resolve("models.yaml");
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append("]\n");
        }
        bomb.append("models: {}\n");
        Files.writeString(models, bomb);
        assertRefused(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> dryRun("--models", models.toString())),
                models + ":4: more than 20 aliases");
        Files.writeString(models, "models:\n  x: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        assertRefused(dryRun("--models", models.toString()), models + ":2: lists and mappings are nested more than 50 levels deep");
    }

    @Test
    void modelsFileMessages_nameTheModelsFile_notTheManifest() throws IOException {
        Path models = tmp.resolve("models.yaml");
        Files.writeString(models, "modles:\n  x: {}\n");
        CommandLineRun r = dryRun("--models", models.toString());
        assertRefused(r, "unknown key 'modles' in the models file", "missing required key 'models' in the models file");
        assertFalse(r.err().contains("manifest") || r.err().contains("scenario-packs.md"), r.err());
    }
}
