package io.mirage.cli;

import io.mirage.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, the soak scaled down: 306 rollouts, 3 worker processes, 3 of them killed with SIGKILL
 * while they work. Nothing is lost or stored twice. (`mirage bench --soak` runs the full 5,000 / 20.)
 */
final class SoakBenchTest {
    @RegisterExtension static final TestPostgres POSTGRES = new TestPostgres();
    private static final SoakBench.Settings SMALL = new SoakBench.Settings(300, 3, 3, 8, 50, 7, Duration.ofSeconds(50));

    private static void assertClean(String db) throws Exception {
        StringWriter log = new StringWriter();
        SoakBench.Result result = SoakBench.run(db, SMALL, new PrintWriter(log));
        String shown = result.format(SMALL) + log;
        assertEquals(306, result.planned(), shown);
        assertEquals(3, result.kills().size(), shown);
        assertEquals(6, result.workersStarted(), shown);
        assertEquals(0, result.lost(), shown);
        assertEquals(0, result.duplicated(), shown);
        assertTrue(result.failedWorkers().isEmpty(), shown);
        assertTrue(result.rerun() <= result.kills().stream().mapToInt(SoakBench.Kill::held).sum(), shown);
        assertTrue(result.clean(), shown);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void soak_killedWorkersOnSqlite_loseNothingAndStoreNothingTwice() throws Exception {
        assertClean(null);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void soak_killedWorkersOnPostgres_loseNothingAndStoreNothingTwice() throws Exception {
        assertClean(POSTGRES.freshDatabase());
    }
}
