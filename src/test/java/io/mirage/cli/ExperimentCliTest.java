package io.mirage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.TestPacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiment files, manifests, names, tags and --limit, as a user types them. */
final class ExperimentCliTest {
    @TempDir Path tmp;

    private String db() {
        return tmp.resolve("w.db").toString();
    }

    private static String runId(String err) {
        Matcher m = Pattern.compile("(?:Starting|Resuming) run (\\S+?):").matcher(err);
        assertTrue(m.find(), err);
        return m.group(1);
    }

    private List<Integer> cellCounts(String runId) throws Exception {
        List<Integer> counts = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FILTER (WHERE status <> 'pending') FROM rollouts WHERE run_id = '"
                     + runId + "' GROUP BY condition_id, model")) {
            while (rs.next()) counts.add(rs.getInt(1));
        }
        return counts;
    }

    @Test
    void init_writesAnExampleThatRuns_andRefusesToOverwrite() throws Exception {
        Path file = tmp.resolve("experiment.yaml");
        CommandLineRun init = CommandLineRun.of("init", file.toString());
        assertEquals(0, init.code(), init.err());
        assertTrue(Files.readString(file).contains("# "), "commented");
        CommandLineRun again = CommandLineRun.of("init", file.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        CommandLineRun dry = CommandLineRun.of("run", file.toString(), "--dry-run", "--db", db());
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("blackmail") && dry.out().contains("lockout"), "both packs are planned: " + dry.out());
        assertFalse(Files.exists(tmp.resolve("w.db")), "a dry run stores nothing");
    }

    @Test
    void aBadExperimentFile_exitsWith2_namingFileAndLine() throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "packs:\n  - pack: blackmail\n    conditions: {threat: wipe}\nmodels:\n  agent: [scripted/saintly-or-not, nobody/x]\n");
        CommandLineRun r = CommandLineRun.of("run", file.toString(), "--db", db());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.yaml:3: factor 'threat' has no level 'wipe'"), r.err());
        assertTrue(r.err().contains("bad.yaml:5: no provider 'nobody'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        CommandLineRun missing = CommandLineRun.of("run", tmp.resolve("nope.yaml").toString(), "--db", db());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.yaml") && missing.err().contains("mirage init"), missing.err());
        Path latin1 = tmp.resolve("latin1.yaml");
        Files.write(latin1, "name: caf\u00e9\npacks: [blackmail]\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CommandLineRun notUtf8 = CommandLineRun.of("run", latin1.toString(), "--db", db());
        assertEquals(2, notUtf8.code());
        assertTrue(notUtf8.err().contains("latin1.yaml:1: not UTF-8 text"), notUtf8.err());
    }

    @Test
    void flagsOverrideTheFile_andTheManifestReRunsTheSameRun() throws Exception {
        Path file = tmp.resolve("exp.yaml");
        Files.writeString(file, """
                name: manifest-check
                tags: [a]
                packs:
                  - pack: blackmail
                    conditions: ["goal=explicit,threat=replacement,prohibitions=off", "goal=none,threat=none,prohibitions=off"]
                models:
                  agent:
                    - scripted/compliant
                    - {name: "scripted/self-preserving?p=0.4", temperature: 0.3}
                samples: 20
                seed: 4
                """);
        CommandLineRun run = CommandLineRun.of("run", file.toString(), "--samples", "3", "--tag", "b", "--db", db(), "--no-html");
        assertEquals(0, run.code(), run.err());
        String id = runId(run.err());
        assertEquals(List.of(3, 3, 3, 3), cellCounts(id), "--samples 3 overrides the file's 20");

        CommandLineRun manifest = CommandLineRun.of("show", id, "--manifest", "--db", db());
        assertEquals(0, manifest.code(), manifest.err());
        assertTrue(manifest.out().contains("temperature: 0.3") && manifest.out().contains("seed: 4") && manifest.out().contains("samples: 3"),
                manifest.out());
        assertTrue(manifest.out().matches("(?s).*commit [0-9a-f]{7,}.*|(?s).*commit unknown.*"), manifest.out());
        Path again = tmp.resolve("again.yaml");
        Files.writeString(again, manifest.out());
        CommandLineRun rerun = CommandLineRun.of("run", again.toString(), "--db", db(), "--no-html");
        assertEquals(0, rerun.code(), rerun.err());
        assertEquals(id, runId(rerun.err()), "the manifest names the same run");
        assertTrue(rerun.err().contains("12 of 12 rollouts done"), rerun.err());

        CommandLineRun tagged = CommandLineRun.of("runs", "--tag", "a", "--tag", "b", "--format", "json", "--db", db());
        JsonNode runs = new ObjectMapper().readTree(tagged.out());
        assertEquals(1, runs.size());
        assertEquals("manifest-check", runs.get(0).get("name").asText());
        assertEquals(2, runs.get(0).get("tags").size());
        assertTrue(CommandLineRun.of("runs", "--tag", "zzz", "--db", db()).out().contains("No runs match"));
        assertEquals(1, CommandLineRun.of("runs", "--name", "manifest-check", "--format", "csv", "--db", db()).out().lines().count() - 1);
    }

    @Test
    void limit_runsABalancedPrefixOfThePlan() throws Exception {
        CommandLineRun run = CommandLineRun.of("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--model", "scripted/brief",
                "--condition", "goal=explicit,threat=replacement", "--samples", "6", "--limit", "7", "--db", db(), "--no-html");
        assertEquals(0, run.code(), run.err());
        List<Integer> counts = cellCounts(runId(run.err()));
        assertEquals(4, counts.size());
        assertEquals(7, counts.stream().mapToInt(Integer::intValue).sum());
        assertTrue(counts.stream().mapToInt(Integer::intValue).max().getAsInt() - counts.stream().mapToInt(Integer::intValue).min().getAsInt() <= 1,
                "every cell got its share: " + counts);
    }

    @Test
    void resume_usesThePackFilesStoredWithTheRun_whenThePackChanged() throws Exception {
        Path packs = Files.createDirectories(tmp.resolve("packs"));
        Path mini = TestPacks.copyMini(packs);
        CommandLineRun run = CommandLineRun.of("run", "--scenarios", packs.toString(), "--scenario", "mini", "--model", "scripted/compliant",
                "--samples", "4", "--limit", "2", "--db", db(), "--no-html");
        assertEquals(0, run.code(), run.err());
        String id = runId(run.err());
        Files.writeString(mini.resolve("system.md"), Files.readString(mini.resolve("system.md")) + "\nA sentence added later.\n");
        CommandLineRun resume = CommandLineRun.of("resume", id, "--scenarios", packs.toString(), "--db", db(), "--no-html");
        assertEquals(0, resume.code(), resume.err());
        assertTrue(resume.err().contains("resuming with the pack's files stored with the run"), resume.err());
        assertEquals(List.of(4, 4), cellCounts(id));

        CommandLineRun files = CommandLineRun.of("show", id, "--pack-files", tmp.resolve("restored").toString(), "--db", db());
        assertEquals(0, files.code(), files.err());
        assertFalse(Files.readString(tmp.resolve("restored/mini/system.md")).contains("added later"), "the files as the run used them");
    }
}
