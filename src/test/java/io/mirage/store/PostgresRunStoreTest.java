package io.mirage.store;

import io.mirage.TestPostgres;
import io.mirage.run.FinishedRollout;
import io.mirage.run.PlannedRollout;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PostgreSQL store against a real server: the {@link RunStoreContract}, and what only a shared server store does. */
final class PostgresRunStoreTest extends RunStoreContract {
    @RegisterExtension static final TestPostgres POSTGRES = new TestPostgres();

    private PostgresLocation location;

    @BeforeEach
    void freshDatabase() {
        location = PostgresLocation.parse(POSTGRES.freshDatabase(), Map.of());
    }

    @Override
    RunStore open() {
        return PostgresRunStore.open(location);
    }

    @Override
    RunStore open(java.time.Duration lease) {
        return PostgresRunStore.open(location, lease);
    }

    @Test
    void aStoreOfANewerMirage_isRefused_andLeftAsItIs() throws Exception {
        open().close();
        try (Connection c = DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + Migrations.HISTORY + "(installed_rank, version, description, type, script, checksum, installed_by,"
                    + " execution_time, success) VALUES (99, '" + (Migrations.LATEST + 1) + "', 'from the future', 'SQL', 'V6__x.sql', 0, 'x', 0, true)");
        }
        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains("newer Mirage") && e.getMessage().contains("migration " + (Migrations.LATEST + 1)), e.getMessage());
    }

    @Test
    void openExisting_onADatabaseWithoutAStore_isEmpty_andCreatesNothing() throws Exception {
        assertTrue(PostgresRunStore.openExisting(location).isEmpty());
        try (Connection c = DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password());
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "no tables were created");
        }
        open().close();
        try (RunStore store = PostgresRunStore.openExisting(location).orElseThrow()) {
            assertTrue(store.runs().isEmpty());
        }
    }

    @Test
    void aServerThatCannotBeReached_isAStoreError_thatNeverShowsThePassword() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        PostgresLocation nowhere = PostgresLocation.parse("postgresql://ada:s3cret-pw@127.0.0.1:" + closed + "/mirage", Map.of());
        StoreException e = assertThrows(StoreException.class, () -> PostgresRunStore.open(nowhere));
        assertTrue(e.getMessage().contains("postgresql://ada:***@127.0.0.1:" + closed + "/mirage"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) assertFalse(String.valueOf(t.getMessage()).contains("s3cret-pw"), e.getMessage());
    }

    @Test
    void twoStoresOnOneDatabase_saveTheSameRunAtOnce_sharingTextsWithoutDeadlock() throws Exception {
        RunSpec big = new RunSpec("mini", "abc", List.of("mini:threat=present", "mini:threat=absent"), List.of("scripted/compliant"),
                20, 1, 5, spec.behaviours());
        try (RunStore a = open(); RunStore b = open()) {
            a.plan(big);
            assertEquals(a.plan(big), b.plan(big), "planning again from another machine changes nothing");
            List<PlannedRollout> plan = a.planned(big.id());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < plan.size(); i++) {
                    RunStore store = i % 2 == 0 ? a : b;
                    PlannedRollout p = plan.get(i);
                    // every rollout quotes the same long texts, so both stores insert them at once
                    done.add(pool.submit(() -> store.save(big.id(), List.of(withLongTexts(p)))));
                }
                for (Future<?> f : done) f.get();
            } finally {
                pool.shutdownNow();
            }
            assertEquals(plan.size(), b.run(big.id()).orElseThrow().completed());
            for (PlannedRollout p : plan) assertEquals(withLongTexts(p), a.rollout(big.id(), p.index()).orElseThrow());
        }
    }

    private FinishedRollout withLongTexts(PlannedRollout p) {
        FinishedRollout f = finished(p);
        var r = f.rollout();
        List<io.mirage.model.Message> transcript = new ArrayList<>();
        for (int i = 0; i < 6; i++) transcript.add(new io.mirage.model.Message.User(("mail " + i + " ").repeat(40)));
        return new FinishedRollout(p, new io.mirage.agent.Rollout("system ".repeat(50), transcript, r.events(), r.calls(), r.usage(),
                r.turns(), r.status(), r.error(), r.startedAt(), r.durationMillis(), null), f.verdicts(), f.parameters(), f.costUsd());
    }
}
