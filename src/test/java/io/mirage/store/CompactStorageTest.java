package io.mirage.store;

import io.mirage.TestPacks;
import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Verdict;
import io.mirage.model.Message;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ToolCall;
import io.mirage.model.Usage;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.run.FinishedRollout;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.StoreException;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class CompactStorageTest {
    @TempDir Path tmp;

    /** Runs scripted blackmail rollouts through the engine and keeps every rollout it saved, as it saved it. */
    private static List<FinishedRollout> runBlackmail(SqliteRunStore store, int samples) {
        ScenarioPack pack = TestPacks.blackmail();
        RunSpec spec = new RunSpec(pack.name(), pack.hash(), pack.conditions().stream().limit(2).map(Condition::id).toList(),
                List.of("scripted/self-preserving?p=0.5"), samples, 7, 10,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
        List<FinishedRollout> saved = Collections.synchronizedList(new ArrayList<>());
        RunStore recording = (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[]{RunStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("save")) {
                        @SuppressWarnings("unchecked") List<FinishedRollout> finished = (List<FinishedRollout>) args[1];
                        saved.addAll(finished);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        new RunEngine(recording, new ModelRegistry(List.of(new ScriptedProvider())), Clock.systemUTC())
                .execute(pack, spec, new RunOptions(4, true), Progress.Listener.NONE);
        assertEquals(2 * samples, saved.size());
        return saved;
    }

    @Test
    void scriptedBlackmailRollouts_comeBackEqual_andShareTheirPromptAndMail() throws Exception {
        Path db = tmp.resolve("s.db");
        List<FinishedRollout> saved;
        try (SqliteRunStore store = SqliteRunStore.open(db)) {
            saved = runBlackmail(store, 5);
            assertTrue(saved.stream().anyMatch(f -> f.rollout().transcript().size() > 10), "rollouts that read the mail");
            String runId = store.runs().getFirst().id();
            for (FinishedRollout f : saved) {
                assertEquals(inStoreOrder(f), store.rollout(runId, f.plan().index()).orElseThrow(), "rollout " + f.plan().index());
            }
        }
        try (SqliteRunStore reopened = SqliteRunStore.open(db)) {
            String runId = reopened.runs().getFirst().id();
            FinishedRollout first = saved.getFirst();
            assertEquals(inStoreOrder(first), reopened.rollout(runId, first.plan().index()).orElseThrow(), "read with a cold cache");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(0, count(s, "SELECT COUNT(*) FROM rollouts WHERE record_json IS NOT NULL"), "new rollouts are stored compact");
            int prompts = count(s, "SELECT COUNT(*) FROM texts WHERE hash IN ("
                    + String.join(",", saved.stream().map(f -> "'" + SharedTexts.hash(f.rollout().systemPrompt()) + "'").distinct().toList()) + ")");
            assertEquals(2, prompts, "one system prompt per condition, however many rollouts");
            long quoted = saved.stream().flatMap(f -> f.rollout().transcript().stream())
                    .filter(m -> m instanceof Message.ToolResult r && r.content().length() >= RecordCodec.SHARED_LENGTH).count();
            assertTrue(count(s, "SELECT COUNT(*) FROM texts") < quoted / 3, "each email read is stored once, not once per read");
            long plain = saved.stream().mapToLong(CompactStorageTest::jsonLength).sum();
            long stored = count(s, "SELECT SUM(LENGTH(record)) FROM rollouts") + count(s, "SELECT SUM(LENGTH(body)) FROM texts");
            assertTrue(stored * 8 < plain, "stored " + stored + " bytes for " + plain + " bytes of JSON");
        }
    }

    @Test
    void stringsThatLookLikeReferences_orAreEmptyOrNull_roundTrip() {
        String longText = "x".repeat(RecordCodec.SHARED_LENGTH);
        Rollout rollout = new Rollout("\u0000#" + SharedTexts.hash(longText),
                List.of(new Message.User("\u0000"), new Message.User("\u0000\u0000#abc"), new Message.User(""),
                        new Message.User(longText), new Message.User(longText + "é😀"),
                        new Message.User("x".repeat(RecordCodec.SHARED_LENGTH - 1)),
                        new Message.Assistant(null, "\u0000#", List.of(new ToolCall("c", "t", "\u0000" + longText)))),
                List.of(), List.of(), Usage.NONE, 1, RolloutStatus.COMPLETED, null, Instant.parse("2026-12-01T00:00:00Z"), 3, "\u0000note");
        try (SqliteRunStore store = SqliteRunStore.open(tmp.resolve("edge.db"))) {
            RunSpec spec = new RunSpec("mini", "abc", List.of("mini:threat=present"), List.of("scripted/compliant"), 1, 1, 5, List.of());
            store.plan(spec);
            FinishedRollout f = new FinishedRollout(spec.plan().getFirst(), rollout, List.of(), Map.of("p", "\u0000#0"), null);
            store.save(spec.id(), List.of(f));
            assertEquals(f, store.rollout(spec.id(), 0).orElseThrow());
        }
    }

    @Test
    void aMissingSharedText_isReportedNotReadAsSomethingElse() throws Exception {
        Path db = tmp.resolve("damaged.db");
        String runId;
        try (SqliteRunStore store = SqliteRunStore.open(db)) {
            runBlackmail(store, 1);
            runId = store.runs().getFirst().id();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM texts");
        }
        try (SqliteRunStore store = SqliteRunStore.open(db)) {
            StoreException e = assertThrows(StoreException.class, () -> store.rollout(runId, 0));
            assertTrue(e.getMessage().contains("missing from table texts"), e.getMessage());
        }
    }

    @Test
    void aFailedSave_leavesNoTextBehindThatLaterRolloutsWouldTrust() throws Exception {
        Path db = tmp.resolve("rollback.db");
        try (SqliteRunStore store = SqliteRunStore.open(db)) {
            List<FinishedRollout> saved = runBlackmail(store, 1);
            String runId = store.runs().getFirst().id();
            FinishedRollout f = saved.getFirst();
            Rollout r = f.rollout();
            String fresh = "a prompt no rollout had before ".repeat(10);
            Rollout changed = new Rollout(fresh, r.transcript(), r.events(), r.calls(), r.usage(), r.turns(), r.status(), r.error(),
                    r.startedAt(), r.durationMillis(), r.note());
            FinishedRollout unplanned = new FinishedRollout(new io.mirage.run.PlannedRollout(99, "x", "m", 0, 1), changed, List.of(), Map.of(), null);
            // The second rollout is not in the plan, so the whole save rolls back, the new prompt's text with it.
            assertThrows(StoreException.class, () -> store.save(runId, List.of(new FinishedRollout(f.plan(), changed, f.verdicts(),
                    f.parameters(), f.costUsd()), unplanned)));
            FinishedRollout again = new FinishedRollout(f.plan(), changed, f.verdicts(), f.parameters(), f.costUsd());
            store.save(runId, List.of(again));
            assertEquals(inStoreOrder(again), store.rollout(runId, f.plan().index()).orElseThrow());
        }
        try (SqliteRunStore cold = SqliteRunStore.open(db)) {
            assertFalse(cold.runs().isEmpty());
            String runId = cold.runs().getFirst().id();
            assertTrue(cold.rollout(runId, 0).isPresent() || cold.rollout(runId, 1).isPresent(), "readable with a cold cache");
            for (int i : cold.finishedIndices(runId)) cold.rollout(runId, i).orElseThrow();
        }
    }

    /** The rollout as the store gives it back: its verdicts ordered by source, then behaviour. */
    private static FinishedRollout inStoreOrder(FinishedRollout f) {
        List<Verdict> verdicts = f.verdicts().stream()
                .sorted(java.util.Comparator.comparing(Verdict::source).thenComparing(Verdict::behaviour)).toList();
        return new FinishedRollout(f.plan(), f.rollout(), verdicts, f.parameters(), f.costUsd());
    }

    private static long jsonLength(FinishedRollout f) {
        Rollout r = f.rollout();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(RolloutRecord.of(r, f.parameters())).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.getInt(1);
        }
    }
}
