package io.mirage.run;

import io.mirage.TestPacks;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.Prices;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.scenario.ScenarioPack;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --max-cost counts the calls in flight: a run overshoots its budget by at most one call per rollout in flight. */
final class BudgetTest {
    private static final ModelSettings PRICED = new ModelSettings(null, null, null, null, null, null, null, null, null, null, null,
            3.0, 15.0, null);
    private static final int CONCURRENCY = 8;

    @TempDir Path tmp;
    private final ScenarioPack pack = TestPacks.blackmail();

    /** {@code billed/MODEL}: the scripted MODEL, each call taking a few milliseconds like a remote one, with every call's cost added up. */
    private static final class Billed implements ModelProvider {
        final DoubleAdder spent = new DoubleAdder();
        final AtomicInteger calls = new AtomicInteger();
        volatile double dearestCall;

        @Override
        public String prefix() {
            return "billed";
        }

        @Override
        public Model create(ModelName name, ModelContext context) {
            Model scripted = new ScriptedProvider().create(ModelName.parse("scripted/" + name.model() + "?latency_ms=3"), context);
            Prices prices = PRICED.prices().orElseThrow();
            return new Model() {
                @Override
                public String name() {
                    return name.text();
                }

                @Override
                public ModelResponse generate(ModelRequest request) throws ModelException {
                    ModelResponse response = scripted.generate(request);
                    double cost = prices.cost(response.usage());
                    spent.add(cost);
                    calls.incrementAndGet();
                    synchronized (this) {
                        dearestCall = Math.max(dearestCall, cost);
                    }
                    return response;
                }
            };
        }
    }

    private RunSpec spec(int samples) {
        return new RunSpec(pack.name(), pack.hash(), pack.conditions().subList(0, 4).stream().map(c -> c.id()).toList(),
                List.of("billed/self-preserving"), samples, 5, 10,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
    }

    @Test
    void budget_isExceededByAtMostOneCallPerRolloutInFlight_inWhatWasSpentAndWhatWasStored() {
        Billed billed = new Billed();
        ModelRegistry registry = new ModelRegistry(List.of(new ScriptedProvider(), billed));
        double budget = 0.5;
        RunSpec spec = spec(100);
        try (RunStore store = SqliteRunStore.open(tmp.resolve("b.db"))) {
            RunResult result = new RunEngine(store, registry, Clock.systemUTC())
                    .execute(pack, spec, new RunOptions(CONCURRENCY, true, name -> PRICED, Map.of()).withMaxCost(budget), Progress.Listener.NONE);

            assertEquals(RunResult.Ending.BUDGET_REACHED, result.ending());
            double bound = budget + CONCURRENCY * billed.dearestCall;
            double stored = store.cost(spec.id());
            assertTrue(billed.spent.sum() <= bound, "spent $" + billed.spent.sum() + " of a $" + budget + " budget; bound $" + bound);
            assertTrue(stored <= bound, "stored $" + stored + "; bound $" + bound);
            assertTrue(stored > budget / 2 && store.run(spec.id()).orElseThrow().pending() > 0, "stopped part-way, near the budget: $" + stored);
            assertEquals(billed.spent.sum(), stored + result.cutShortCostUsd(), 1e-9, "every call is either in a stored rollout or cut short");
        }
    }

    @Test
    void budget_onAModelWithoutPrices_isRefusedNamingTheModel_beforeAnythingIsStored() {
        RunSpec spec = spec(2);
        try (RunStore store = SqliteRunStore.open(tmp.resolve("u.db"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunEngine(store,
                    new ModelRegistry(List.of(new ScriptedProvider(), new Billed())), Clock.systemUTC())
                    .execute(pack, spec, new RunOptions(2, true).withMaxCost(1.0), Progress.Listener.NONE));
            assertTrue(e.getMessage().contains("billed/self-preserving has none") && e.getMessage().contains("models file"), e.getMessage());
            assertTrue(store.runs().isEmpty(), "nothing was planned");
        }
    }
}
