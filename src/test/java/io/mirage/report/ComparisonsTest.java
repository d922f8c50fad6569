package io.mirage.report;

import io.mirage.run.CellStop;
import io.mirage.run.RunSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The families compare builds: factor effects per model with a homogeneity test, and stopped cells left out or marked. */
final class ComparisonsTest {
    static final String M1 = "scripted/self-preserving?p=0.3";
    static final String M2 = "scripted/compliant";
    static final List<String> GOALS = List.of("explicit", "latent", "none");

    private static String condition(String threat, String goal) {
        return "blackmail:goal=" + goal + ",threat=" + threat;
    }

    /**
     * Two models over threat ∈ {replacement, none} × goal. M1's strata (goal levels) are the three strata of
     * StratifiedDifferenceTest.threeStrata_matchNumpyReference — (kA, nA, kB, nB) = (2,20,8,20), (5,30,9,25),
     * (1,10,4,12) with A = threat=replacement — so its effect is that test's numpy reference. M2 never blackmails.
     */
    static ResultTable grid(List<String> models) {
        List<String> conditions = new ArrayList<>();
        for (String threat : List.of("replacement", "none")) for (String goal : GOALS) conditions.add(condition(threat, goal));
        RunSpec spec = new RunSpec("blackmail", "hash", conditions, models, 40, 1, 10, List.of(new RunSpec.BehaviourRef("blackmail", "Blackmail", true)));
        int[][] m1 = {{2, 20, 8, 20}, {5, 30, 9, 25}, {1, 10, 4, 12}};
        List<CellResult> cells = new ArrayList<>();
        for (String model : models) {
            for (int g = 0; g < GOALS.size(); g++) {
                int[] s = m1[g];
                boolean zero = model.equals(M2);
                cells.add(new CellResult(model, condition("replacement", GOALS.get(g)), "blackmail", true, 40, s[1], zero ? 0 : s[0], 0, 0));
                cells.add(new CellResult(model, condition("none", GOALS.get(g)), "blackmail", true, 40, s[3], zero ? 0 : s[2], 0, 0));
            }
        }
        return new ResultTable(spec, "detector", cells);
    }

    /** The same table with these cells stopped early, as ResultTable.of marks them from the store's stops. */
    static ResultTable stopped(ResultTable table, List<CellStop> stops) {
        List<CellResult> cells = new ArrayList<>();
        for (CellResult c : table.cells()) {
            CellStop stop = stops.stream().filter(x -> x.model().equals(c.model()) && x.conditionId().equals(c.conditionId())).findFirst().orElse(null);
            cells.add(stop == null ? c : new CellResult(c.model(), c.conditionId(), c.behaviour(), c.harmful(), c.planned(), c.n(), c.k(),
                    c.indeterminate(), c.pending(), c.observed(), new CellResult.Stopped(stop.decision(), stop.samples(), 0)));
        }
        return new ResultTable(table.spec(), table.source(), cells);
    }

    /**
     * Per model by default: M1's Mantel–Haenszel difference and p-value are the numpy reference of
     * StratifiedDifferenceTest (0.23750000000000002, p = 0.0021925710761992664); M2, 0 of n everywhere, is an
     * untestable row with difference 0 and a finite interval (no NaN). The models' effects differ:
     * python3 (RiskDifferenceHomogeneityTest's snippet)
     * test([[(2,20,8,20),(5,30,9,25),(1,10,4,12)], [(0,20,0,20),(0,30,0,25),(0,10,0,12)]])
     * = (9.187672331853705, 1, 0.002436505397097316), so compare warns against pooling.
     */
    @Test
    void factor_perModel_withHomogeneityWarning() {
        ComparisonFamily f = Comparisons.ofFactor(grid(List.of(M1, M2)), "threat", false, false, 0.05);
        assertEquals(2, f.rows().size());
        Comparison m1 = f.rows().get(0), m2 = f.rows().get(1);
        assertEquals(M1, m1.model());
        assertEquals(0.23750000000000002, m1.difference(), 1e-12);
        assertEquals(0.0021925710761992664, m1.p(), 1e-9);
        assertTrue(m1.testable() && m1.significant(), "K = 1, so p < 0.05");
        assertEquals(M2, m2.model());
        assertFalse(m2.testable());
        assertEquals(0.0, m2.difference());
        assertTrue(Double.isFinite(m2.interval().lower()) && Double.isFinite(m2.interval().upper()) && m2.interval().contains(0));
        assertEquals(1, f.divisor());
        ComparisonFamily.Homogeneity h = f.homogeneity().getFirst();
        assertEquals(9.187672331853705, h.test().statistic(), 1e-6);
        assertEquals(0.002436505397097316, h.test().pValue(), 1e-8);
        assertTrue(h.rejects());
        assertTrue(f.warnings().stream().anyMatch(w -> w.contains("1 of 1 effects differ between models")), f.warnings().toString());
        String text = ComparisonText.text(f, b -> true);
        assertTrue(text.contains("differs between models: do not pool"), text);
        assertFalse(text.contains("NaN"), text);
    }

    /** --pooled: one row over both models (six strata), still with the warning that the effects differ. */
    @Test
    void factor_pooled_keepsTheWarning() {
        ComparisonFamily f = Comparisons.ofFactor(grid(List.of(M1, M2)), "threat", false, true, 0.05);
        assertEquals(1, f.rows().size());
        assertEquals("all models (pooled)", f.rows().getFirst().model());
        assertEquals(120, f.rows().getFirst().nA());
        assertTrue(f.warnings().stream().anyMatch(w -> w.contains("a pooled effect averages unlike effects")), f.warnings().toString());
    }

    /** One model: no homogeneity test, and no NaN when that model never shows the behaviour. */
    @Test
    void factor_singleCompliantModel_isUntestableNotNaN() {
        ComparisonFamily f = Comparisons.ofFactor(grid(List.of(M2)), "threat", false, false, 0.05);
        assertTrue(f.homogeneity().isEmpty());
        assertEquals(0, f.testable());
        assertFalse(ComparisonText.text(f, b -> true).contains("NaN"));
    }

    /** A stopped cell is left out of the strata with a warning by default, and kept but marked with allowStopped. */
    @Test
    void factor_stoppedCells_leftOutOrMarked() {
        List<CellStop> stops = List.of(new CellStop(condition("none", "explicit"), M1, "above", 20, "decided"));
        ComparisonFamily out = Comparisons.ofFactor(stopped(grid(List.of(M1, M2)), stops), "threat", false, false, 0.05);
        Comparison m1 = out.rows().getFirst();
        assertEquals(40, m1.nA(), "30 + 10: the explicit stratum has lost its B side, so it is not used and not counted");
        assertEquals(37, m1.nB(), "25 + 12");
        assertFalse(m1.stopped());
        assertTrue(out.warnings().getFirst().startsWith("Left out: 1 stopped cell."), out.warnings().toString());
        ComparisonFamily in = Comparisons.ofFactor(stopped(grid(List.of(M1, M2)), stops), "threat", true, false, 0.05);
        assertTrue(in.rows().getFirst().stopped());
        assertFalse(in.rows().get(1).stopped());
        assertEquals(57, in.rows().getFirst().nB());
        assertTrue(in.warnings().getFirst().startsWith("Included by --allow-stopped: 1 rows marked \"stopped\""), in.warnings().toString());
        assertTrue(ComparisonText.text(in, b -> true).contains("stopped"));
    }

    /** Two runs: rows with a stopped cell on either side are left out unless allowed, and then marked. */
    @Test
    void runs_stoppedCells_leftOutOrMarked() {
        ResultTable a = grid(List.of(M1, M2));
        ResultTable b = grid(List.of(M1, M2));
        List<CellStop> stops = List.of(new CellStop(condition("none", "latent"), M1, "above", 12, "decided"),
                new CellStop(condition("none", "none"), M1, "undecided", 12, "cap"));
        ComparisonFamily out = Comparisons.ofRuns(stopped(a, stops), b, false, 0.05);
        assertEquals(10, out.comparisons());
        assertTrue(out.warnings().getFirst().startsWith("Left out: 2 comparisons that involve 2 stopped cells."), out.warnings().toString());
        ComparisonFamily in = Comparisons.ofRuns(stopped(a, stops), b, true, 0.05);
        assertEquals(12, in.comparisons());
        assertEquals(2, in.rows().stream().filter(Comparison::stopped).count());
    }

    @Test
    void runs_withDifferentModelLists_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> Comparisons.ofRuns(grid(List.of(M1, M2)), grid(List.of(M1)), false, 0.05));
        assertEquals(6, Comparisons.ofRuns(grid(List.of(M1)), grid(List.of(M2)), false, 0.05).comparisons(),
                "one model each: that model against the other");
    }
}
