package io.mirage.store;

import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.model.Usage;
import io.mirage.run.FinishedRollout;
import io.mirage.run.PlannedRollout;
import io.mirage.run.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15: claims and leases between owners (two open stores stand for two processes). */
final class ClaimsTest {
    @TempDir Path tmp;

    private final RunSpec spec = new RunSpec("mini", "abc", List.of("mini:threat=present"), List.of("scripted/compliant"), 8, 1, 5,
            List.of(new RunSpec.BehaviourRef("blackmail", "Blackmail", true)));

    private static Set<Integer> all() {
        return Set.of(0, 1, 2, 3, 4, 5, 6, 7);
    }

    private static FinishedRollout finished(PlannedRollout plan, String note) {
        Rollout rollout = new Rollout("sys " + note, List.of(), List.of(), List.of(), new Usage(10, 2, 0, 0), 1, RolloutStatus.COMPLETED,
                null, Instant.parse("2026-12-01T10:00:00Z"), 5);
        return new FinishedRollout(plan, rollout, List.of(), Map.of(), 0.5);
    }

    private static Set<Integer> indices(List<PlannedRollout> rollouts) {
        Set<Integer> out = new HashSet<>();
        rollouts.forEach(p -> out.add(p.index()));
        return out;
    }

    @Test
    void twoOwners_claimingAtOnce_neverGetTheSameRollout() throws Exception {
        Path db = tmp.resolve("c.db");
        try (SqliteRunStore a = SqliteRunStore.open(db); SqliteRunStore b = SqliteRunStore.open(db);
             ExecutorService threads = Executors.newFixedThreadPool(2)) {
            a.plan(spec);
            List<Future<List<Integer>>> claims = new ArrayList<>();
            for (SqliteRunStore store : List.of(a, b)) {
                claims.add(threads.submit(() -> {
                    List<Integer> got = new ArrayList<>();
                    for (List<PlannedRollout> c; !(c = store.claim(spec.id(), all(), false, 1)).isEmpty(); ) got.add(c.getFirst().index());
                    return got;
                }));
            }
            List<Integer> together = new ArrayList<>(claims.get(0).get());
            together.addAll(claims.get(1).get());
            assertEquals(8, together.size(), "every rollout claimed: " + together);
            assertEquals(8, new HashSet<>(together).size(), "none twice: " + together);
        }
    }

    @Test
    void aRolloutAnotherOwnerTookOver_isDropped_andTheirTranscriptStays() {
        Path db = tmp.resolve("c.db");
        try (SqliteRunStore slow = SqliteRunStore.open(db, Duration.ofMillis(200)); SqliteRunStore other = SqliteRunStore.open(db)) {
            slow.plan(spec);
            PlannedRollout first = slow.claim(spec.id(), Set.of(0), false, 1).getFirst();
            assertEquals(List.of(), other.claim(spec.id(), Set.of(0), false, 1), "held while the lease lives");
            sleep(300); // slow's lease runs out without a heartbeat
            assertEquals(List.of(first), other.claim(spec.id(), Set.of(0), false, 1), "taken over once it ran out");
            assertEquals(List.of(), other.save(spec.id(), List.of(finished(first, "other"))));
            assertEquals(List.of(0), slow.save(spec.id(), List.of(finished(first, "slow"))), "dropped and counted");
            assertEquals("sys other", other.rollout(spec.id(), 0).orElseThrow().rollout().systemPrompt());
            assertEquals(0.5, other.cost(spec.id()), 1e-9, "one rollout's cost, not two");
        }
    }

    @Test
    void renewedClaims_stayHeld_andReleasedOrClosedOnes_areFreeAtOnce() {
        Path db = tmp.resolve("c.db");
        try (SqliteRunStore other = SqliteRunStore.open(db)) {
            SqliteRunStore holder = SqliteRunStore.open(db, Duration.ofMillis(300));
            holder.plan(spec);
            assertEquals(Set.of(0, 1, 2), indices(holder.claim(spec.id(), all(), false, 3)));
            for (int i = 0; i < 4; i++) {
                sleep(100);
                holder.renewClaims();
            }
            assertEquals(Set.of(3), indices(other.claim(spec.id(), all(), false, 1)), "renewed claims are still held after 400 ms");
            holder.release(spec.id(), List.of(0));
            assertEquals(Set.of(0), indices(other.claim(spec.id(), all(), false, 1)));
            holder.close();
            assertEquals(Set.of(1, 2, 4), indices(other.claim(spec.id(), all(), false, 3)), "closing gave back the rest");
        }
    }

    @Test
    void judgeQuestions_areClaimedPerRolloutAndJudge() {
        Path db = tmp.resolve("c.db");
        try (SqliteRunStore a = SqliteRunStore.open(db); SqliteRunStore b = SqliteRunStore.open(db)) {
            a.plan(spec);
            assertEquals(List.of(0, 1), a.claimJudging(spec.id(), "j1", List.of(0, 1, 2), 2));
            assertEquals(List.of(2), b.claimJudging(spec.id(), "j1", List.of(0, 1, 2), 2));
            assertEquals(List.of(0, 1), b.claimJudging(spec.id(), "j2", List.of(0, 1), 2), "another judge's questions are apart");
            a.releaseJudging(spec.id(), "j1", List.of(1));
            assertEquals(List.of(1), b.claimJudging(spec.id(), "j1", List.of(0, 1, 2), 2));
        }
    }

    @Test
    void aNewStoreOpenedByManyAtOnce_isCreatedOnce_withoutFailing() throws Exception {
        Path db = tmp.resolve("new.db");
        try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
            List<Future<?>> opened = new ArrayList<>();
            for (int i = 0; i < 6; i++) opened.add(threads.submit(() -> SqliteRunStore.open(db).close()));
            for (Future<?> f : opened) f.get(); // before: "table runs already exists" in the losers
        }
        try (SqliteRunStore store = SqliteRunStore.open(db)) {
            store.plan(spec);
            assertEquals(8, store.planned(spec.id()).size());
        }
    }

    @Test
    void theDatabaseFileAlone_holdsThePlanAndStoredRollouts_whileTheStoreIsOpen() throws Exception {
        Path db = tmp.resolve("c.db");
        try (SqliteRunStore store = SqliteRunStore.open(db)) {
            store.plan(spec);
            Files.copy(db, tmp.resolve("copy.db")); // what is left if *.db-wal is lost now
            for (int i = 0; i < 16; i++) store.save(spec.id(), List.of(finished(spec.plan().get(i % 8), "s")));
            Files.copy(db, tmp.resolve("later.db"));
        }
        try (SqliteRunStore copy = SqliteRunStore.open(tmp.resolve("copy.db"));
             SqliteRunStore later = SqliteRunStore.open(tmp.resolve("later.db"))) {
            assertEquals(8, copy.planned(spec.id()).size(), "the plan was checkpointed into the file");
            assertEquals(8, later.finishedIndices(spec.id()).size(), "so were the stored batches");
        }
        assertEquals(0, Files.exists(tmp.resolve("c.db-wal")) ? Files.size(tmp.resolve("c.db-wal")) : 0, "closing emptied the log");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
