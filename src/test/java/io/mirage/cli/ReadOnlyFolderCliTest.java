package io.mirage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 15 item 3: a store in a folder that cannot be written (a read-only mount, an archive) is
 * still read by the commands that only read. The folder is made immutable with chattr, which
 * holds even for root, who ignores permission bits.
 */
final class ReadOnlyFolderCliTest {
    @TempDir Path tmp;

    private static boolean chattr(String flag, Path folder) throws Exception {
        try {
            Process p = new ProcessBuilder("chattr", flag, folder.toString()).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void readOnlyCommands_readAStoreInAFolderThatCannotBeWritten() throws Exception {
        Path folder = tmp.resolve("archive");
        Path db = folder.resolve("w.db");
        CommandLineRun run = CommandLineRun.of("run", "--scenario", "blackmail", "--model", "scripted/brief", "--samples", "2",
                "--condition", "goal=explicit,threat=replacement,prohibitions=off", "--no-html", "--db", db.toString());
        assertEquals(0, run.code(), run.err());
        String runId = run.err().lines().filter(l -> l.startsWith("Starting run ")).findFirst().orElseThrow().split(" ")[2].replace(":", "");
        assertTrue(!Files.exists(folder.resolve("w.db-wal")) || Files.size(folder.resolve("w.db-wal")) == 0, "the log was emptied at exit");
        assumeTrue(chattr("+i", folder), "chattr +i is available here");
        try {
            assertTrue(!Files.isWritable(folder), "the folder cannot be written");
            for (String[] command : new String[][]{{"runs"}, {"report", runId}, {"show", runId}}) {
                String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--db", db.toString()))
                        .toArray(String[]::new);
                CommandLineRun r = CommandLineRun.of(args);
                assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
                assertTrue(r.out().contains(runId) || r.out().contains("blackmail"), r.out());
            }
        } finally {
            chattr("-i", folder);
        }
    }
}
