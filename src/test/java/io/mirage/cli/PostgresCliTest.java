package io.mirage.cli;

import io.mirage.TestPostgres;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.store.PostgresLocation;
import io.mirage.store.PostgresRunStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `--db postgresql://…`: the commands that write and read runs work on a PostgreSQL server as on a SQLite file. */
final class PostgresCliTest {
    @RegisterExtension static final TestPostgres POSTGRES = new TestPostgres();
    private static final String PASSWORD = "pw-never-printed";

    private String db;

    @BeforeEach
    void freshDatabase() {
        // The test server trusts local connections, so any password is accepted: enough to see that none is printed.
        db = POSTGRES.freshDatabase().replaceFirst("^postgresql://([^:@/]+)@", "postgresql://$1:" + PASSWORD + "@");
    }

    private CommandLineRun mirage(String... args) {
        CommandLineRun r = CommandLineRun.of(args);
        assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), "the password was printed:\n" + r.out() + r.err());
        return r;
    }

    @Test
    void runRunsReportJudgeForgetAndDelete_onAPostgresStore() {
        CommandLineRun run = mirage("run", "--db", db, "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.5",
                "--samples", "3", "--condition", "goal=explicit,prohibitions=off", "--name", "pg", "--tag", "shared", "--no-html");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("store " + db.replace(PASSWORD, "***")), run.err());
        String id;
        try (RunStore store = PostgresRunStore.open(PostgresLocation.parse(db, Map.of()))) {
            RunSummary summary = store.runs().getFirst();
            id = summary.id();
            assertEquals(0, summary.pending());
            assertTrue(summary.completed() > 0);
            assertEquals(List.of("shared"), summary.tags());
        }

        CommandLineRun runs = mirage("runs", "--db", db, "--tag", "shared");
        assertEquals(0, runs.code(), runs.err());
        assertTrue(runs.out().contains(id), runs.out());

        CommandLineRun report = mirage("report", id, "--db", db, "--format", "csv");
        assertEquals(0, report.code(), report.err());
        assertTrue(report.out().lines().count() > 1, report.out());

        CommandLineRun judge = mirage("judge", id, "--db", db, "--judge-model", "scripted/judge?aware=0.5", "--no-html");
        assertEquals(0, judge.code(), judge.err());
        assertTrue(judgeVerdicts(id) > 0, "the judge's verdicts are stored");

        CommandLineRun forget = mirage("judge", id, "--db", db, "--forget", "scripted/judge?aware=0.5", "--no-html");
        assertEquals(0, forget.code(), forget.err());
        assertTrue(forget.out().contains("verdicts of judge scripted/judge?aware=0.5"), forget.out());
        assertEquals(0, judgeVerdicts(id));

        CommandLineRun show = mirage("show", id, "--db", db, "--manifest");
        assertEquals(0, show.code(), show.err());

        CommandLineRun delete = mirage("delete", id, "--db", db, "--yes");
        assertEquals(0, delete.code(), delete.err());
        CommandLineRun none = mirage("runs", "--db", db);
        assertEquals(0, none.code(), none.err());
        assertFalse(none.out().contains(id), none.out());
    }

    private long judgeVerdicts(String id) {
        try (RunStore store = PostgresRunStore.open(PostgresLocation.parse(db, Map.of()))) {
            return store.outcomes(id).stream().filter(o -> o.source().equals("judge:scripted/judge?aware=0.5")).count();
        }
    }

    @Test
    void readingADatabaseWithoutAStore_isRefused_andCreatesNothing() {
        CommandLineRun runs = mirage("runs", "--db", db);
        assertEquals(ExitCodes.INVALID_INPUT, runs.code(), runs.err());
        assertTrue(runs.err().contains("no Mirage store in the database"), runs.err());
        assertTrue(PostgresRunStore.openExisting(PostgresLocation.parse(db, Map.of())).isEmpty(), "reading created no store");
    }

    @Test
    void anUnreachableServer_isExit3_withThePasswordMasked() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        CommandLineRun r = mirage("run", "--db", "jdbc:postgresql://ada:" + PASSWORD + "@127.0.0.1:" + closed + "/mirage",
                "--scenario", "blackmail", "--model", "scripted/compliant", "--samples", "1", "--no-html");
        assertEquals(ExitCodes.STORE, r.code(), r.err());
        assertTrue(r.err().contains("ada:***@127.0.0.1:" + closed), r.err());
    }
}
