package io.mirage.cli;

import io.mirage.run.CellStop;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `mirage delete`: a run and every row stored with it go, other runs stay, and nothing goes without a yes. */
final class DeleteCliTest {
    @TempDir Path tmp;
    private final InputStream stdin = System.in;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private String db() {
        return tmp.resolve("w.db").toString();
    }

    /** Two judged runs with human labels and an early stop each; returns their ids, the first one with an HTML report. */
    private List<String> twoFullRuns() {
        for (String model : List.of("scripted/self-preserving?p=0.5", "scripted/compliant")) {
            CommandLineRun r = CommandLineRun.of("run", "--db", db(), "--scenario", "blackmail", "--model", model, "--samples", "3",
                    "--condition", "goal=explicit,prohibitions=off", "--judge-model", "scripted/judge?aware=0.5",
                    "--name", model.replaceAll("[^a-z]", ""));  // two runs, not one grown by a second model
            assertEquals(0, r.code(), r.err());
        }
        try (RunStore store = SqliteRunStore.open(Path.of(db()))) {
            List<String> ids = store.runs().stream().map(RunSummary::id).toList();
            assertEquals(2, ids.size());
            for (String id : ids) {
                store.saveLabel(id, new HumanLabel(0, "blackmail", LabelValue.YES, "seen", Instant.parse("2026-01-01T00:00:00Z")));
                String condition = store.run(id).orElseThrow().spec().conditions().getFirst();
                store.stopCell(id, new CellStop(condition, store.run(id).orElseThrow().spec().models().getFirst(), "above", 3, "test"), List.of());
            }
            return ids;
        }
    }

    /** Rows per table with a run_id column (and the runs table), for one run. */
    private Map<String, Integer> rows(String runId) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db())) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c ON c.name = 'run_id' WHERE m.type = 'table'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            tables.add("runs");
            for (String table : tables) {
                try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE "
                        + (table.equals("runs") ? "id" : "run_id") + " = ?")) {
                    q.setString(1, runId);
                    try (ResultSet rs = q.executeQuery()) {
                        out.put(table, rs.getInt(1));
                    }
                }
            }
        }
        return out;
    }

    private static CommandLineRun withStdin(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return CommandLineRun.of(args);
    }

    @Test
    void deleteWithYes_removesTheRunFromEveryTable_andLeavesTheOtherRunWhole() throws Exception {
        List<String> ids = twoFullRuns();
        String gone = ids.get(0), kept = ids.get(1);
        Map<String, Integer> keptBefore = rows(kept);
        Map<String, Integer> goneBefore = rows(gone);
        assertEquals(java.util.Set.of("awareness", "cell_stops", "judge_claims", "labels", "rollouts", "runs", "verdicts"), goneBefore.keySet());
        // judge_claims holds questions only while they are asked: empty once a judge pass is done
        assertTrue(goneBefore.entrySet().stream().allMatch(e -> e.getKey().equals("judge_claims") || e.getValue() > 0),
                "the fixture fills every lasting table: " + goneBefore);
        Path report = HtmlOutput.defaultPath(workspaceAt(db()), gone);
        assertTrue(Files.exists(report), "the run wrote its report");

        CommandLineRun r = CommandLineRun.of("delete", gone, "--db", db(), "--yes");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Deleted run " + gone), r.out());
        assertTrue(rows(gone).values().stream().allMatch(n -> n == 0), "nothing of the run is left: " + rows(gone));
        assertEquals(keptBefore, rows(kept));
        assertFalse(Files.exists(report), "its report went too");
        CommandLineRun list = CommandLineRun.of("runs", "--db", db());
        assertTrue(list.out().contains(kept) && !list.out().contains(gone), list.out());
    }

    @Test
    void withoutYes_anAnswerOfNDeletesNothing_andTheRunIdDeletes() throws Exception {
        List<String> ids = twoFullRuns();
        Map<String, Integer> before = rows(ids.get(0));

        CommandLineRun no = withStdin("n\n", "delete", ids.get(0), "--db", db());
        assertEquals(0, no.code(), no.err());
        assertTrue(no.err().contains("Type the run id or y"), no.err());
        assertTrue(no.out().contains("Nothing deleted"), no.out());
        assertEquals(before, rows(ids.get(0)));

        CommandLineRun closed = withStdin("", "delete", ids.get(0), "--db", db());
        assertEquals(2, closed.code(), "no answer is no yes");
        assertTrue(closed.err().contains("pass --yes"), closed.err());
        assertEquals(before, rows(ids.get(0)));

        CommandLineRun typed = withStdin(ids.get(0) + "\n", "delete", ids.get(0), "--db", db());
        assertEquals(0, typed.code(), typed.err());
        assertEquals(0, rows(ids.get(0)).get("runs"));
        assertEquals(0, rows(ids.get(0)).get("verdicts"));
    }

    @Test
    void unknownRun_exits2_pointingAtRuns() {
        CommandLineRun r = CommandLineRun.of("delete", "blackmail-0000000000", "--db", db(), "--yes");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("`mirage runs` lists the runs"), r.err());
    }

    private static Workspace workspaceAt(String db) {
        Workspace w = new Workspace();
        w.db = db;
        return w;
    }
}
