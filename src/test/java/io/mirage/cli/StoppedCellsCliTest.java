package io.mirage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reproduction: cells stopped early are marked and get intervals valid under the stopping rule. */
final class StoppedCellsCliTest {
    @TempDir Path tmp;

    @Test
    void stoppedCells_atATrueRateOf0_3_areMarked_andTheirIntervalsCoverIt() throws Exception {
        String db = tmp.resolve("w.db").toString();
        CommandLineRun run = CommandLineRun.of("run", "--db", db, "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.3",
                "--samples", "100", "--stop-when-decided", "--threshold", "0.1", "--decide-on", "blackmail", "--seed", "3",
                "--concurrency", "1", "--condition", "threat=replacement|restriction", "--no-html");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("stopped: above at"), run.out());
        assertTrue(run.out().contains("anytime-valid"), run.out());
        Matcher m = Pattern.compile("run (blackmail-[0-9a-f]{10})").matcher(run.out());
        assertTrue(m.find(), run.out());

        CommandLineRun json = CommandLineRun.of("report", m.group(1), "--db", db, "--format", "json");
        assertEquals(0, json.code(), json.err());
        int blackmailCells = 0;
        double sum = 0;
        for (JsonNode cell : new ObjectMapper().readTree(json.out()).get("cells")) {
            if (!cell.get("behaviour").asText().equals("blackmail")) continue;
            blackmailCells++;
            assertEquals("anytime-valid", cell.get("interval").asText(), cell.toString());
            assertTrue(cell.get("stopped").get("decided_at").asInt() <= cell.get("n").asInt() + cell.get("indeterminate").asInt(), cell.toString());
            double lo = cell.get("ci95").get(0).asDouble(), hi = cell.get("ci95").get(1).asDouble();
            assertTrue(lo <= 0.3 && 0.3 <= hi, "the true rate 0.3 is inside " + cell);
            sum += cell.get("rate").asDouble();
        }
        assertEquals(12, blackmailCells);
        assertTrue(sum / 12 > 0.3, "stopping pushes the point estimates away from the threshold (the bias the report warns of)");

        CommandLineRun csv = CommandLineRun.of("report", m.group(1), "--db", db, "--format", "csv");
        assertTrue(csv.out().lines().skip(1).allMatch(l -> l.contains(",true,above,")), csv.out());
    }
}
