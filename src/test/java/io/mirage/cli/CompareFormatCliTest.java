package io.mirage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.report.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mirage compare --format csv|json} as a user types it: rows a program can read, and a bad format refused. */
final class CompareFormatCliTest {
    @TempDir Path tmp;

    private String run(String model) {
        CommandLineRun r = CommandLineRun.of("run", "--db", tmp.resolve("w.db").toString(), "--scenario", "blackmail", "--model", model,
                "--samples", "6", "--condition", "goal=explicit,prohibitions=off", "--no-html",
                "--name", model.replaceAll("[^A-Za-z0-9]", "_"));  // two runs, not one grown by a second model
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("run (blackmail-[0-9a-f]{10})").matcher(r.out());
        assertTrue(m.find(), r.out());
        return m.group(1);
    }

    @Test
    void csvAndJson_nameEachRowsConditionAndSides() throws Exception {
        String a = run("scripted/compliant"), b = run("scripted/self-preserving?p=0.7");
        String db = tmp.resolve("w.db").toString();
        CommandLineRun text = CommandLineRun.of("compare", a, b, "--db", db);
        assertEquals(0, text.code(), text.err());
        long textRows = text.out().lines().filter(l -> l.contains("A scripted/compliant")).count();

        CommandLineRun csv = CommandLineRun.of("compare", a, b, "--db", db, "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        List<Map<String, String>> rows = Csv.read(csv.out());
        assertEquals(textRows, rows.size(), "one CSV row per printed comparison");
        for (Map<String, String> r : rows) {
            assertTrue(r.get("condition").startsWith("goal=explicit,threat="), r.toString());
            assertEquals("scripted/compliant", r.get("model_a"));
            assertEquals("scripted/self-preserving?p=0.7", r.get("model_b"));
            assertEquals(a, r.get("run_a"));
            assertEquals(b, r.get("run_b"));
        }

        CommandLineRun json = CommandLineRun.of("compare", a, b, "--db", db, "--format", "json", "--behaviour", "blackmail");
        assertEquals(0, json.code(), json.err());
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertTrue(root.get("family").get("method").asText().contains("Fisher"), json.out());
        assertEquals(rows.size(), root.get("family").get("comparisons").asInt(), "the family is the whole request's");
        assertEquals(rows.stream().filter(r -> r.get("behaviour").equals("blackmail")).count(), root.get("comparisons").size());
    }

    @Test
    void unknownFormat_isAUsageError() {
        CommandLineRun r = CommandLineRun.of("compare", "x", "y", "--db", tmp.resolve("w.db").toString(), "--format", "xml");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--format"), r.err());
    }
}
