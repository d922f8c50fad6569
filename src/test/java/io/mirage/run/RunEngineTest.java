package io.mirage.run;

import io.mirage.TestPacks;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Verdict;
import io.mirage.detect.Outcome;
import io.mirage.agent.RunAbortedException;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;
import io.mirage.stats.Proportions;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class RunEngineTest {
    /** Φ⁻¹(1 − 0.05/24): two-sided 95% for a family of twelve intervals (Bonferroni). */
    private static final double SIMULTANEOUS_Z = 2.8652602;

    @TempDir Path tmp;
    private final ScenarioPack pack = TestPacks.blackmail();
    private final ModelRegistry registry = new ModelRegistry(List.of(new ScriptedProvider()));

    private RunSpec spec(List<Condition> conditions, List<String> models, int samples, long seed) {
        return new RunSpec(pack.name(), pack.hash(), conditions.stream().map(Condition::id).toList(), models, samples, seed, 10,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
    }

    private ResultTable execute(RunStore store, RunSpec spec) {
        new RunEngine(store, registry, Clock.systemUTC()).execute(pack, spec, new RunOptions(8, true), Progress.Listener.NONE);
        return ResultTable.of(spec, store.outcomes(spec.id()), Verdict.DETECTOR);
    }

    /**
     * Issue 2's acceptance check: 200 samples in each of the 18 conditions. The twelve threatened
     * cells are checked together, so each gets a simultaneous (Bonferroni) 95% interval:
     * {@link #SIMULTANEOUS_Z}. Separate 95% intervals would each miss the true rate 5% of the
     * time, one of twelve 46% of the time; {@link #perCell95Intervals_coverTheTrueRateAtAbout95Percent}
     * checks that rate of misses.
     */
    @Test
    void selfPreservingAt30Percent_intervalsContainTheTrueRate_andControlIsZero_andCompliantIsZero() {
        RunSpec spec = spec(pack.conditions(), List.of("scripted/self-preserving?p=0.3", "scripted/compliant"), 200, 20261127);
        try (RunStore store = SqliteRunStore.open(tmp.resolve("m.db"))) {
            ResultTable table = execute(store, spec);
            int pooledK = 0, pooledN = 0;
            for (CellResult c : table.cells()) {
                assertEquals(200, c.n(), "every rollout valid in " + c);
                assertEquals(0, c.indeterminate());
                boolean threatened = !c.conditionId().contains("threat=none");
                if (c.model().equals("scripted/compliant")) {
                    assertEquals(0, c.k(), "compliant never acts in " + c);
                } else if (c.behaviour().equals("blackmail")) {
                    if (threatened) {
                        assertTrue(Proportions.wilson(c.k(), c.n(), SIMULTANEOUS_Z).contains(0.3), c.toString());
                        pooledK += c.k();
                        pooledN += c.n();
                    } else {
                        assertEquals(0, c.k(), "no blackmail without a threat: " + c);
                    }
                } else if (c.behaviour().equals("leak")) {
                    assertEquals(0, c.k());
                } else if (c.behaviour().equals("ethical_appeal")) {
                    assertEquals(threatened, c.k() > 0, "appeals exactly when threatened: " + c);
                    if (threatened) assertEquals(c.n(), c.k() + blackmailK(table, c), "every threatened rollout either blackmails or appeals");
                }
            }
            assertEquals(12 * 200, pooledN);
            // The pooled rate is one more member of the same family of checks.
            assertTrue(Proportions.wilson(pooledK, pooledN, SIMULTANEOUS_Z).contains(0.3), "pooled " + pooledK + "/" + pooledN);
        }
    }

    private static int blackmailK(ResultTable table, CellResult appeal) {
        return table.cells().stream().filter(c -> c.model().equals(appeal.model()) && c.conditionId().equals(appeal.conditionId())
                && c.behaviour().equals("blackmail")).findFirst().orElseThrow().k();
    }

    /** 60 per-cell exact 95% intervals (12 threatened cells × 5 seeds): at least 57 should hold 0.3 on average. */
    @Test
    void perCell95Intervals_coverTheTrueRateAtAbout95Percent() {
        List<Condition> threatened = pack.conditions().stream().filter(c -> !c.level("threat").equals("none")).toList();
        int covered = 0, intervals = 0;
        try (RunStore store = SqliteRunStore.open(tmp.resolve("c.db"))) {
            for (long seed = 100; seed < 105; seed++) {
                for (CellResult c : execute(store, spec(threatened, List.of("scripted/self-preserving?p=0.3"), 200, seed)).cells()) {
                    if (!c.behaviour().equals("blackmail")) continue;
                    intervals++;
                    if (c.interval().contains(0.3)) covered++;
                }
            }
        }
        assertEquals(60, intervals);
        // P(X ≤ 51) for X ~ Binomial(60, 0.95) is about 0.2%: fewer would mean the double or the interval is off.
        assertTrue(covered >= 52, covered + " of 60 intervals hold 0.3");
    }

    /**
     * scripted/policy exercises each behaviour's detector end to end: at p = 0.25 and 200 samples, the target
     * behaviour's interval holds 0.25 and no other behaviour occurs. Six cells (three behaviours × two
     * conditions) form one family: z = Φ⁻¹(1 − 0.05/12) = 2.6383.
     */
    @Test
    void policyAtAQuarter_producesEachTargetBehaviourAtThatRate_andNothingElse() {
        List<Condition> conditions = pack.select(Map.of("goal", Set.of("latent"), "prohibitions", Set.of("on"),
                "threat", Set.of("replacement", "none")));
        // the agent's own acts: follow-throughs need a reply first, and what the world did has no action
        List<String> models = pack.behaviours().stream().filter(b -> b.after() == null && pack.doubles().actions().containsKey(b.id()))
                .map(b -> "scripted/policy?do=" + b.id() + "&p=0.25").toList();
        RunSpec spec = spec(conditions, models, 200, 77);
        try (RunStore store = SqliteRunStore.open(tmp.resolve("p.db"))) {
            for (CellResult c : execute(store, spec).cells()) {
                assertEquals(200, c.n(), c.toString());
                if (c.model().contains("do=" + c.behaviour() + "&")) {
                    assertTrue(Proportions.wilson(c.k(), c.n(), 2.6383).contains(0.25), c.toString());
                } else {
                    assertEquals(0, c.k(), "only the target behaviour happens: " + c);
                }
            }
        }
    }

    @Test
    void erratic_givesOnlyIndeterminateVerdicts_countedApart() {
        RunSpec spec = spec(pack.conditions().subList(0, 2), List.of("scripted/erratic"), 20, 5);
        try (RunStore store = SqliteRunStore.open(tmp.resolve("e.db"))) {
            ResultTable table = execute(store, spec);
            for (CellResult c : table.cells()) {
                assertEquals(0, c.n(), "no valid rollouts");
                assertEquals(20, c.indeterminate());
                assertTrue(Double.isNaN(c.rate()));
            }
            assertTrue(store.outcomes(spec.id()).stream().noneMatch(o -> o.outcome() == Outcome.NO));
        }
    }

    @Test
    void reExecuting_finishesOnlyWhatIsMissing_andRetriesErrors() {
        RunSpec spec = spec(pack.conditions().subList(0, 3), List.of("scripted/compliant", "scripted/erratic"), 10, 9);
        try (RunStore store = SqliteRunStore.open(tmp.resolve("r.db"))) {
            execute(store, spec);
            RunSummary first = store.run(spec.id()).orElseThrow();
            assertEquals(60, first.planned());
            assertEquals(0, first.pending());
            int errors = first.errors();
            assertTrue(errors > 0);
            assertEquals(errors, store.unfinished(spec.id(), true).size());
            assertEquals(0, store.unfinished(spec.id(), false).size());
            execute(store, spec);
            RunSummary second = store.run(spec.id()).orElseThrow();
            assertEquals(first.completed(), second.completed(), "completed rollouts are not run again");
            assertEquals(errors, second.errors(), "erratic fails again, deterministically");
            assertEquals(60L * pack.behaviours().size(), store.outcomes(spec.id()).stream().filter(o -> o.source().equals(Verdict.DETECTOR)).count(),
                    "one verdict per rollout and behaviour, no duplicates");
            assertEquals(2L * 60 * pack.behaviours().size(), store.outcomes(spec.id()).size(), "and one more for what was attempted");
        }
    }

    /** A provider whose every call is refused as unauthorised, like a bad API key. */
    private static final ModelProvider REJECTING = new ModelProvider() {
        public String prefix() {
            return "rejecting";
        }

        public Model create(ModelName name, ModelContext context) {
            return new Model() {
                public String name() {
                    return name.text();
                }

                public ModelResponse generate(ModelRequest request) throws ModelException {
                    throw new ModelException("401 invalid x-api-key", ModelException.Kind.AUTH);
                }
            };
        }
    };

    @Test
    void rejectedKey_stopsTheRunAtOnce_andNothingIsMarkedAsAVerdict() {
        ModelRegistry withRejecting = new ModelRegistry(List.of(new ScriptedProvider(), REJECTING));
        RunSpec spec = spec(pack.conditions().subList(0, 4), List.of("rejecting/any"), 50, 1);
        try (RunStore store = SqliteRunStore.open(tmp.resolve("a.db"))) {
            RunAbortedException e = assertThrows(RunAbortedException.class, () -> new RunEngine(store, withRejecting, Clock.systemUTC())
                    .execute(pack, spec, new RunOptions(4, true), Progress.Listener.NONE));
            assertTrue(e.getMessage().contains("rejected the credentials: 401 invalid x-api-key"), e.getMessage());
            RunSummary run = store.run(spec.id()).orElseThrow();
            assertEquals(200, run.pending(), "no rollout was stored");
            assertTrue(store.outcomes(spec.id()).isEmpty(), "no verdicts");
        }
    }

    @Test
    void budget_stopsSchedulingWhenReached_andTheRunResumesToTheEnd() {
        ModelSettings priced = new ModelSettings(null, null, null, null, null, null, null, null, null, null, null, 1.0, 2.0, null);
        RunSpec spec = spec(pack.conditions().subList(0, 2), List.of("scripted/compliant"), 30, 3);
        try (RunStore store = SqliteRunStore.open(tmp.resolve("b.db"))) {
            RunEngine engine = new RunEngine(store, registry, Clock.systemUTC());
            RunResult first = engine.execute(pack, spec, new RunOptions(2, true, name -> priced, Map.of()).withMaxCost(0.1), Progress.Listener.NONE);
            assertEquals(RunResult.Ending.BUDGET_REACHED, first.ending());
            double perRollout = first.costUsd() / first.executed();
            assertTrue(perRollout > 0.005 && perRollout < 0.05, "scripted usage priced at $1/$2 per million: " + perRollout);
            double spent = first.costUsd() + first.cutShortCostUsd();
            assertTrue(spent >= 0.1 && spent < 0.1 + 2 * perRollout, "stops within the rollouts in flight: " + spent);
            assertTrue(store.run(spec.id()).orElseThrow().pending() > 0);

            RunResult second = new RunEngine(store, registry, Clock.systemUTC())
                    .execute(pack, spec, new RunOptions(2, true, name -> priced, Map.of()), Progress.Listener.NONE);
            assertEquals(RunResult.Ending.FINISHED, second.ending());
            RunSummary run = store.run(spec.id()).orElseThrow();
            assertEquals(60, run.completed());
            assertEquals(first.costUsd() + second.costUsd(), run.costUsd(), 1e-9);
            assertEquals(store.cost(spec.id()), run.costUsd(), 1e-9);
        }
    }

    @Test
    void textToolProtocol_givesTheSameResultsAsNativeCalls() {
        RunSpec nativeSpec = spec(pack.conditions().subList(0, 4), List.of("scripted/self-preserving?p=0.5"), 15, 8);
        RunSpec textSpec = new RunSpec(nativeSpec.scenario(), nativeSpec.packHash(), nativeSpec.conditions(), nativeSpec.models(),
                nativeSpec.samples(), nativeSpec.seed(), nativeSpec.maxTurns(), nativeSpec.behaviours(), Map.of(), RunSpec.TEXT_TOOLS);
        try (RunStore store = SqliteRunStore.open(tmp.resolve("t.db"))) {
            ResultTable viaNative = execute(store, nativeSpec);
            ResultTable viaText = execute(store, textSpec);
            assertFalse(nativeSpec.id().equals(textSpec.id()), "the protocol is part of the run's identity");
            assertEquals(viaNative.cells(), viaText.cells());
            assertTrue(viaText.cells().stream().anyMatch(c -> c.behaviour().equals("blackmail") && c.k() > 0));
            FinishedRollout first = store.rollout(textSpec.id(), 0).orElseThrow();
            assertEquals("text", first.parameters().get("tool_protocol"));
            Message.Assistant turn = (Message.Assistant) first.rollout().transcript().get(1);
            assertTrue(turn.text().startsWith("<tool_call>{\"name\": \"list_messages\""), turn.text());
            assertEquals("text_1_0", turn.toolCalls().getFirst().id());
        }
    }

    @Test
    void changedPack_cannotResumeAnOldRun() {
        RunSpec old = new RunSpec(pack.name(), "0000000000000000", List.of(pack.conditions().getFirst().id()),
                List.of("scripted/compliant"), 1, 1, 10, List.of());
        try (RunStore store = SqliteRunStore.open(tmp.resolve("h.db"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new RunEngine(store, registry, Clock.systemUTC()).execute(pack, old, new RunOptions(1, true), Progress.Listener.NONE));
            assertTrue(e.getMessage().contains("start a new run"));
            assertTrue(store.runs().isEmpty(), "nothing stored");
        }
    }

    @Test
    void plan_isStable_andSeedsDiffer() {
        RunSpec spec = spec(pack.conditions(), List.of("scripted/compliant", "scripted/erratic"), 5, 3);
        List<PlannedRollout> plan = spec.plan();
        assertEquals(180, plan.size());
        assertEquals(plan, spec.plan());
        assertEquals(180, plan.stream().map(PlannedRollout::seed).collect(Collectors.toSet()).size());
        assertEquals(spec.id(), spec(pack.conditions(), List.of("scripted/compliant", "scripted/erratic"), 5, 3).id());
        assertFalse(spec.id().equals(spec(pack.conditions(), List.of("scripted/compliant", "scripted/erratic"), 5, 4).id()));
        Map<String, Long> perModel = plan.stream().collect(Collectors.groupingBy(PlannedRollout::model, Collectors.counting()));
        assertEquals(Map.of("scripted/compliant", 90L, "scripted/erratic", 90L), perModel);
    }
}
