package io.mirage.store;

import io.mirage.agent.ModelCall;
import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Evidence;
import io.mirage.detect.Judgement;
import io.mirage.judge.Awareness;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.CellStop;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.model.Message;
import io.mirage.model.ModelException;
import io.mirage.model.Retry;
import io.mirage.model.ToolCall;
import io.mirage.model.Usage;
import io.mirage.run.FinishedRollout;
import io.mirage.run.PlannedRollout;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.StoredOutcome;
import io.mirage.run.StoreException;
import io.mirage.world.WorldEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQLite store: the {@link RunStoreContract}, and what only a file-based store does. */
final class SqliteRunStoreTest extends RunStoreContract {
    @TempDir Path tmp;

    @Override
    RunStore open() {
        return SqliteRunStore.open(tmp.resolve("s.db"));
    }

    @Override
    RunStore open(java.time.Duration lease) {
        return SqliteRunStore.open(tmp.resolve("s.db"), lease);
    }

    @Test
    void openingInAMissingFolder_createsIt() {
        try (SqliteRunStore store = SqliteRunStore.open(tmp.resolve("deep/dir/s.db"))) {
            store.plan(spec);
            assertEquals(2, store.planned(spec.id()).size());
        }
        assertTrue(Files.isRegularFile(tmp.resolve("deep/dir/s.db")));
    }

    @Test
    void evidenceStoredBeforeSectionsWereRecorded_readsBackWithoutASection() throws Exception {
        Path file = tmp.resolve("s.db");
        try (SqliteRunStore store = SqliteRunStore.open(file)) {
            store.plan(spec);
            store.save(spec.id(), List.of(finished(spec.plan().getFirst())));
            store.saveVerdicts(spec.id(), 0, List.of(new Verdict("blackmail", Outcome.YES, "judge:a",
                    List.of(Evidence.quote(1, 1, "hmm", Evidence.Section.ACTION)), null, null)));
        }
        // The judge row as an earlier version wrote it: no "section" field.
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             var update = c.prepareStatement("UPDATE verdicts SET evidence_json = ? WHERE source = 'judge:a'")) {
            update.setString(1, "[{\"eventIndex\":-1,\"turn\":1,\"summary\":\"hmm\",\"messageIndex\":1}]");
            assertEquals(1, update.executeUpdate());
            try (var detector = c.createStatement().executeQuery("SELECT evidence_json FROM verdicts WHERE source = 'detector'")) {
                assertTrue(detector.next());
                assertFalse(detector.getString(1).contains("section"), "detector evidence is stored as before: " + detector.getString(1));
            }
        }
        try (SqliteRunStore store = SqliteRunStore.open(file)) {
            List<Verdict> back = store.rollout(spec.id(), 0).orElseThrow().verdicts();
            assertEquals(List.of(new Evidence(-1, 1, "hmm", 1, null)), back.get(1).evidence());
            assertEquals(List.of(new Evidence(0, 1, "send sent-1")), back.get(0).evidence(), "detector evidence has no section");
        }
    }

    @Test
    void unusableLocation_isAStoreError() throws Exception {
        Path file = tmp.resolve("afile");
        Files.writeString(file, "x");
        assertThrows(StoreException.class, () -> SqliteRunStore.open(file.resolve("s.db")));
    }
}
