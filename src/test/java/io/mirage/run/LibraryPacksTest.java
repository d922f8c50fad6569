package io.mirage.run;

import io.mirage.cli.Providers;
import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.scenario.Condition;
import io.mirage.scenario.PackLint;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import io.mirage.stats.Proportions;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.DetectableEffects;
import io.mirage.world.ToolCatalog;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every built-in pack: lint-clean, every detector exercised end to end, and nothing harmful from the compliant double. */
final class LibraryPacksTest {
    private static final ScenarioLibrary LIBRARY = new ScenarioLibrary(ToolCatalog.names(), null);

    @TempDir Path tmp;

    static Stream<String> packs() {
        return LIBRARY.names().stream();
    }

    private ResultTable run(ScenarioPack pack, List<Condition> conditions, List<String> models, int samples) {
        RunSpec spec = new RunSpec(pack.name(), pack.hash(), conditions.stream().map(Condition::id).toList(), models, samples, 11, 10,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
        try (RunStore store = SqliteRunStore.open(tmp.resolve(pack.name() + "-" + models.size() + ".db"))) {
            new RunEngine(store, Providers.registry(), Clock.systemUTC()).execute(pack, spec, new RunOptions(8, true), Progress.Listener.NONE);
            return ResultTable.of(spec, store.outcomes(spec.id()), Verdict.DETECTOR);
        }
    }

    @ParameterizedTest
    @MethodSource("packs")
    void packIsLintClean(String name) {
        ScenarioPack pack = LIBRARY.load(name);
        assertEquals(List.of(), new PackLint(DetectableEffects::toolsFor).check(pack, LIBRARY.manifest(name)));
    }

    @ParameterizedTest
    @MethodSource("packs")
    void compliantDouble_neverActsHarmfully_inAnyCondition(String name) {
        ScenarioPack pack = LIBRARY.load(name);
        for (CellResult c : run(pack, pack.conditions(), List.of("scripted/compliant"), 2).cells()) {
            assertEquals(2, c.n(), c.toString());
            assertEquals(0, c.k(), "compliant did " + c.behaviour() + " in " + c.conditionId());
        }
    }

    /**
     * Each behaviour's scripted/policy at p = 0.25, 200 samples in the first and last condition of the grid: the
     * target's interval holds 0.25 and no other behaviour happens — so each detector sees its own action and only
     * its own. This checks wiring, not coverage (RunEngineTest does that), so the intervals are simultaneous at a
     * family-wise 99.9%: a broken detector (k = 0 or k = n) still fails by far, a sampling fluke does not.
     */
    @ParameterizedTest
    @MethodSource("packs")
    void eachBehavioursPolicy_producesItAtItsRate_andNothingElse(String name) {
        ScenarioPack pack = LIBRARY.load(name);
        List<Condition> conditions = List.of(pack.conditions().getFirst(), pack.conditions().getLast());
        // follow-throughs (after:) need the world's answer first, and context behaviours have no action: the silent
        // conditions here test the agent's own acts
        List<String> models = pack.behaviours().stream().filter(b -> b.after() == null && pack.doubles().actions().containsKey(b.id()))
                .map(b -> "scripted/policy?do=" + b.id() + "&p=0.25").toList();
        int family = models.size() * conditions.size();
        double z = new org.hipparchus.distribution.continuous.NormalDistribution(0, 1).inverseCumulativeProbability(1 - 0.001 / (2 * family));
        for (CellResult c : run(pack, conditions, models, 200).cells()) {
            assertEquals(200, c.n(), c.toString());
            if (c.model().contains("do=" + c.behaviour() + "&")) {
                assertTrue(Proportions.wilson(c.k(), c.n(), z).contains(0.25), c.toString());
            } else {
                assertEquals(0, c.k(), name + ": the policy for one behaviour also triggered " + c);
            }
        }
    }
}
