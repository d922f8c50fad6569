package io.mirage.cli;

import io.mirage.model.ModelSettings;
import io.mirage.run.RunStore;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 on a SQLite workspace, in-process: detach, a worker that runs and judges, and when a worker stops. */
final class WorkerCliTest {
    private static final String AGENT = "scripted/self-preserving?p=0.3";

    @TempDir Path tmp;

    @Test
    void detachedRun_isRunAndJudgedByAWorkerOnce_fromTheSettingsItStored() {
        String db = tmp.resolve("w.db").toString();
        CommandLineRun detach = CommandLineRun.of("run", "--scenario", "blackmail", "--model", AGENT, "--samples", "2",
                "--condition", "goal=explicit", "--judge-model", "scripted/judge", "--tag", "nightly", "--detach", "--db", db);
        assertEquals(0, detach.code(), detach.err());
        assertTrue(detach.out().startsWith("Planned run blackmail-"), detach.out());
        String id = detach.out().replaceFirst("(?s)^Planned run (\\S+):.*", "$1");
        try (RunStore store = SqliteRunStore.open(Path.of(db))) {
            assertEquals(store.planned(id).size(), store.run(id).orElseThrow().pending(), "nothing ran yet");
            assertTrue(store.manifest(id).orElseThrow().contains("scripted/judge"), "the judge is in the manifest");
        }

        CommandLineRun worker = CommandLineRun.of("worker", "--db", db, "--once", "--concurrency", "4");
        assertEquals(0, worker.code(), worker.err());
        assertTrue(worker.err().contains("Judging run " + id) && worker.err().contains("No work left"), worker.err());
        try (RunStore store = SqliteRunStore.open(Path.of(db))) {
            assertEquals(0, store.run(id).orElseThrow().pending());
            assertTrue(store.outcomes(id).size() > 0);
            assertEquals(store.finishedIndices(id).size(), store.awareness(id).size(), "every rollout was judged");
            assertEquals(0, store.workers().size(), "a worker that ended is forgotten");
        }
        CommandLineRun again = CommandLineRun.of("worker", "--db", db, "--once");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("stops after storing 0 rollouts") && !again.err().contains(": judged"), "nothing is run or judged twice: "
                + again.err());
    }

    @Test
    void worker_withNothingToDo_exitsAfterIdleExit() {
        long start = System.nanoTime();
        CommandLineRun worker = CommandLineRun.of("worker", "--db", tmp.resolve("empty.db").toString(), "--idle-exit", "1");
        assertEquals(0, worker.code(), worker.err());
        assertTrue(worker.err().contains("Nothing to do for 1 s"), worker.err());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    void detach_refusesWhatAWorkerCannotKeep() {
        String db = tmp.resolve("r.db").toString();
        CommandLineRun limit = CommandLineRun.of("run", "--scenario", "blackmail", "--model", AGENT, "--limit", "3", "--detach", "--db", db);
        assertEquals(ExitCodes.INVALID_INPUT, limit.code());
        assertTrue(limit.err().contains("--detach runs the whole plan"), limit.err());
    }

    @Test
    void rateLimits_areDividedAmongLiveWorkers_andNeverToZero() {
        ModelSettings limited = ModelSettings.DEFAULTS.overriddenBy(new ModelSettings(0.5, null, null, null, null, null, null, null,
                8, 600, 100_000, null, null, null));
        ModelSettings third = limited.sharedBy(3);
        assertEquals(200, third.requestsPerMinute());
        assertEquals(33_333, third.tokensPerMinute());
        assertEquals(8, third.concurrency(), "concurrency is per process already");
        assertEquals(0.5, third.temperature());
        assertEquals(1, limited.sharedBy(1000).requestsPerMinute());
        assertNull(ModelSettings.DEFAULTS.sharedBy(4).requestsPerMinute());
    }
}
