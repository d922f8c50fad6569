package io.mirage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commands that only read the store refuse a database that does not exist, and leave nothing behind. */
final class ReadOnlyStoreCliTest {
    @TempDir Path tmp;

    private void assertRefused(Path db, String... args) {
        CommandLineRun r = CommandLineRun.of(args);
        assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains("no workspace database at " + db), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(db.getParent()), "created nothing: " + db.getParent());
    }

    @Test
    void readOnlyCommands_withAMissingDb_exitWith2_namingThePath_andCreateNothing() {
        Path db = tmp.resolve("typo").resolve("w.db");
        String d = db.toString();
        assertRefused(db, "runs", "--db", d);
        assertRefused(db, "report", "some-run", "--db", d);
        assertRefused(db, "report", "some-run", "--html", tmp.resolve("r.html").toString(), "--db", d);
        assertRefused(db, "compare", "a", "b", "--db", d);
        assertRefused(db, "serve", "--port", "0", "--db", d);
    }

    @Test
    void aFolderAsDb_isRefusedByName() {
        CommandLineRun r = CommandLineRun.of("runs", "--db", tmp.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(tmp + " is a folder"), r.err());
    }

    @Test
    void writingCommands_stillCreateTheWorkspace_thenReadersOpenIt() {
        Path db = tmp.resolve("new").resolve("w.db");
        CommandLineRun run = CommandLineRun.of("run", "--scenario", "blackmail", "--model", "scripted/brief", "--samples", "1",
                "--condition", "goal=explicit,threat=replacement,prohibitions=off", "--no-html", "--db", db.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.isRegularFile(db));
        CommandLineRun runs = CommandLineRun.of("runs", "--db", db.toString());
        assertEquals(0, runs.code(), runs.err());
        assertTrue(runs.out().contains("blackmail"), runs.out());
    }
}
