package io.mirage.stats;

import io.mirage.stats.Simulation.CoverageCell;
import io.mirage.stats.Simulation.Result;
import io.mirage.stats.Simulation.Settings;
import io.mirage.stats.Simulation.StoppingRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class SimulationTest {

    private static final Settings SMALL = new Settings(
            List.of(0.005, 0.1, 0.3, 0.5), List.of(50, 100, 500), 0.95, 0.94,
            List.of(0.0, 0.01, 0.05, 0.1, 0.3, 0.96), 0.10, 0.05, 100, 2_000, 0.40);

    private static CoverageCell cell(Result r, String method, double rate, int n) {
        return r.coverage().stream().filter(c -> c.method().equals(method) && c.rate() == rate && c.n() == n)
                .findFirst().orElseThrow();
    }

    private static StoppingRow row(Result r, double rate) {
        return r.stopping().stream().filter(s -> s.rate() == rate).findFirst().orElseThrow();
    }

    /**
     * Exact coverage from scipy 1.17, summing binomial probabilities over the k whose interval contains p:
     * <pre>
     * sum(binom.pmf(k, n, p) for k in range(n+1)
     *     if (ci := binomtest(k, n).proportion_ci(0.95, method=m)).low &lt;= p &lt;= ci.high)
     * </pre>
     */
    @Test
    void coverage_matchesScipy() {
        Result r = Simulation.run(SMALL, 1);
        assertEquals(0.9101776910086818, cell(r, Simulation.WILSON, 0.005, 100).coverage(), 1e-9);
        assertEquals(0.9350913529277275, cell(r, Simulation.WILSON, 0.5, 50).coverage(), 1e-9);
        assertEquals(0.9363983902254395, cell(r, Simulation.WILSON, 0.1, 100).coverage(), 1e-9);
        assertEquals(0.954713373436387, cell(r, Simulation.CLOPPER_PEARSON, 0.3, 500).coverage(), 1e-9);
        assertEquals(0.9979444558904417, cell(r, Simulation.CLOPPER_PEARSON, 0.005, 50).coverage(), 1e-9);
        assertEquals(2 * 4 * 3, r.coverage().size());
        // Clopper–Pearson is exact: never below the nominal level
        r.coverage().stream().filter(c -> c.method().equals(Simulation.CLOPPER_PEARSON))
                .forEach(c -> assertTrue(c.coverage() >= 0.95, c.toString()));
    }

    /**
     * Exact early-stopping figures from an independent Python implementation: boundaries from scipy's
     * incomplete beta ({@code betaln(k+1,n-k+1) + log(betainc(n-k+1, k+1, 1-T)) - log(1-T) - k log T - (n-k) log(1-T)}
     * for above, {@code betainc(k+1, n-k+1, T)} and {@code - log T} for below, compared with log 20), then dynamic
     * programming over the yes count of still-running cells, T = 0.1, α = 0.05, cap 100. Rows: p → (expected
     * samples, P(ABOVE), P(BELOW), P(undecided)):
     * 0.01 → (54.151587148179004, 0.00010722686715624225, 0.9549621970043656, 0.04493057612847775);
     * 0.05 → (89.76123679142178, 0.0036041291140374537, 0.25376694580707665, 0.7426289250788818);
     * 0.1 → (96.91369613723438, 0.0258714041391464, 0.01834982129072977, 0.955778774570127);
     * 0.3 → (26.756194792670527, 0.990005070021965, 2.1950654440428062e-07, 0.009994710471489402).
     */
    @Test
    void exactStoppingFigures_matchIndependentPython() {
        Result r = Simulation.run(SMALL, 1);
        assertEquals(43.0, row(r, 0.0).exactMeanSamples(), 1e-9);
        assertEquals(0.0, row(r, 0.0).exactWrongSideRate(), 1e-15);
        assertEquals(54.151587148179004, row(r, 0.01).exactMeanSamples(), 1e-8);
        assertEquals(0.00010722686715624225, row(r, 0.01).exactWrongSideRate(), 1e-12);
        assertEquals(0.04493057612847775, row(r, 0.01).exactUndecidedRate(), 1e-10);
        assertEquals(89.76123679142178, row(r, 0.05).exactMeanSamples(), 1e-8);
        assertEquals(0.0036041291140374537, row(r, 0.05).exactWrongSideRate(), 1e-10);
        assertEquals(0.7426289250788818, row(r, 0.05).exactUndecidedRate(), 1e-10);
        // at the threshold both decisions are wrong
        assertEquals(0.0258714041391464 + 0.01834982129072977, row(r, 0.1).exactWrongSideRate(), 1e-10);
        assertEquals(0.955778774570127, row(r, 0.1).exactUndecidedRate(), 1e-10);
        assertEquals(26.756194792670527, row(r, 0.3).exactMeanSamples(), 1e-8);
        assertEquals(2.1950654440428062e-07, row(r, 0.3).exactWrongSideRate(), 1e-12);
    }

    /** The simulated figures agree with the exact ones within Monte Carlo error, and the seed makes them repeatable. */
    @Test
    void simulatedStopping_agreesWithExact_andIsRepeatable() {
        Result r = Simulation.run(SMALL, 99);
        for (StoppingRow row : r.stopping()) {
            int cells = row.cells();
            double u = row.exactUndecidedRate();
            assertEquals(u, row.undecidedRate(), 5 * Math.sqrt(u * (1 - u) / cells) + 1e-12, "undecided at " + row.rate());
            double w = row.exactWrongSideRate();
            assertEquals(w, row.wrongSideRate(), 5 * Math.sqrt(w * (1 - w) / cells) + 1.0 / cells, "wrong side at " + row.rate());
            // samples per cell are in [1, 100]: their standard deviation is at most 50
            assertEquals(row.exactMeanSamples(), row.meanSamples(), 5 * 50 / Math.sqrt(cells), "samples at " + row.rate());
            assertEquals(1 - row.meanSamples() / 100, row.savedShare(), 1e-12);
            assertTrue(row.wrongSideRate() <= 0.05 + 3 * Math.sqrt(0.05 * 0.95 / cells), "wrong side at " + row.rate());
        }
        assertEquals(r.stopping(), Simulation.run(SMALL, 99).stopping());
    }

    @Test
    void format_showsBothMethodsAndTheStoppingTable() {
        String text = Simulation.run(SMALL, 5).format();
        assertTrue(text.contains("Wilson score"), text);
        assertTrue(text.contains("Clopper–Pearson exact"), text);
        assertTrue(text.contains("Early stopping: threshold 0.1, α = 0.05, cap 100 samples, 2000 simulated cells per rate (seed 5)"), text);
        assertTrue(text.contains("samples per cell on average"), text);
        assertTrue(text.lines().anyMatch(l -> l.trim().startsWith("0.96 ")), text);
    }

    /**
     * Issue 5's targets, at the default settings (rates 0.5%–99%, n 50–500; 0–96% against a 10%
     * threshold): the interval reports use (exact) covers at least 94% everywhere, and early stopping
     * saves at least 40% of 100 samples per cell on average with an exact wrong-side rate within α.
     */
    @Test
    void issueTargets_holdForTheReportedIntervalAndTheStoppingRule() {
        Result r = Simulation.run(1);
        Simulation.CoverageSummary exact = r.coverageSummaries().stream()
                .filter(c -> c.method().equals(Simulation.CLOPPER_PEARSON)).findFirst().orElseThrow();
        assertTrue(exact.minimum() >= 0.94, "exact coverage minimum " + exact.minimum());
        assertTrue(r.savedShare() >= 0.40, "saved " + r.savedShare());
        for (StoppingRow row : r.stopping()) {
            assertTrue(row.exactWrongSideRate() <= Simulation.Settings.DEFAULT.alpha(), "wrong side at " + row.rate() + ": " + row.exactWrongSideRate());
        }
    }

    @Test
    void settings_areValidated() {
        assertThrows(IllegalArgumentException.class, () -> SMALL.withCellsPerRate(0));
        assertThrows(IllegalArgumentException.class, () -> new Settings(List.of(1.5), List.of(10), 0.95, 0.94,
                List.of(0.1), 0.1, 0.05, 100, 10, 0.4));
        assertThrows(IllegalArgumentException.class, () -> new Settings(List.of(0.5), List.of(10), 0.95, 0.94,
                List.of(0.1), 0.1, 0.05, 0, 10, 0.4));
    }
}
