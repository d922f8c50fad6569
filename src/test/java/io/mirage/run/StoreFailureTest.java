package io.mirage.run;

import io.mirage.TestPacks;
import io.mirage.model.ModelRegistry;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15: a store that fails mid-run surfaces its own message, not "Self-suppression not permitted". */
final class StoreFailureTest {
    @TempDir Path tmp;

    @Test
    void aStoreThatFailsMidRun_surfacesItsOwnError_andWhatWasStoredStays() throws Exception {
        ScenarioPack pack = TestPacks.mini();
        RunSpec spec = new RunSpec(pack.name(), pack.hash(), pack.conditions().stream().map(c -> c.id()).toList(),
                List.of("scripted/compliant?latency_ms=2"), 200, 1, 5, pack.behaviours().stream()
                .map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
        try (SqliteRunStore real = SqliteRunStore.open(tmp.resolve("s.db"))) {
            AtomicInteger saves = new AtomicInteger();
            // The third batch meets a full disk, as SQLite reports it.
            RunStore failing = (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[]{RunStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("save") && saves.incrementAndGet() >= 3) {
                            throw new StoreException("cannot store rollouts of run " + spec.id() + ": [SQLITE_FULL] database or disk is full", null);
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            RunEngine engine = new RunEngine(failing, new ModelRegistry(List.of(new ScriptedProvider())), Clock.systemUTC());
            StoreException e = assertThrows(StoreException.class,
                    () -> engine.execute(pack, spec, new RunOptions(4, true), Progress.Listener.NONE));
            assertTrue(e.getMessage().contains("SQLITE_FULL"), e.getMessage());
            assertEquals(0, e.getSuppressed().length, "the failure is not added to itself");
            int stored = real.finishedIndices(spec.id()).size();
            assertTrue(stored > 0 && stored < spec.total(), "the batches stored before the failure stay: " + stored);
        }
    }
}
