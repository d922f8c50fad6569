package io.mirage.report;

import io.mirage.stats.ConditionalOddsRatio;
import io.mirage.stats.Difference;
import io.mirage.stats.StratifiedDifference.Stratum;
import io.mirage.stats.Tarone;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A compare family: Tarone's divisor, flags that agree with the printed intervals, and display filters that change nothing. */
final class ComparisonFamilyTest {

    private static CellContrast cell(String behaviour, int kA, int nA, int kB, int nB) {
        return new CellContrast(behaviour, "c", new Side("A", "r1", "m"), new Side("B", "r2", "m"), kA, nA, kB, nB, false);
    }

    private static ComparisonFamily cells(List<CellContrast> contrasts, double alpha) {
        return ComparisonFamily.of("test", ComparisonFamily.Scale.ODDS_RATIO, alpha, contrasts, Comparisons.CELL_METHOD,
                Comparisons.CELL_UNTESTABLE, List.of(), List.of());
    }

    /**
     * Issue 10: "9/40 vs 18/40 has CI [+0.018, +0.408] but Fisher p = 0.058". Newcombe's interval for the
     * difference did exclude 0 while the test did not reject (Newcombe 1998 method 10, as {@link Difference}).
     * Now the printed interval is the odds-ratio interval of the same (central Fisher) test: not significant,
     * and 1 is inside it.
     */
    @Test
    void issueExample_flagAndIntervalAgree() {
        assertTrue(Difference.newcombe(18, 40, 9, 40, 0.95).interval().lower() > 0, "the old printed interval excluded 0");
        Comparison row = cells(List.of(cell("blackmail", 9, 40, 18, 40)), 0.05).rows().getFirst();
        assertFalse(row.significant());
        assertTrue(row.interval().contains(1.0), row.interval().toString());
        assertTrue(row.p() >= 0.05);
    }

    /**
     * Issue 10: "30 of the 54 rows are 0/60 vs 0/60 ... they more than double the multiplier". With Tarone's rule
     * the 30 rows are untestable (the margins leave one table, smallest p = 1) and K is what the other 24 alone give.
     */
    @Test
    void zeroAgainstZeroRows_doNotInflateTheMultiplier() {
        SplittableRandom random = new SplittableRandom(54);
        List<CellContrast> informative = new ArrayList<>();
        for (int i = 0; i < 24; i++) informative.add(cell("b" + i, 5 + random.nextInt(20), 60, 5 + random.nextInt(40), 60));
        List<CellContrast> padded = new ArrayList<>(informative);
        for (int i = 0; i < 30; i++) padded.add(cell("z" + i, 0, 60, 0, 60));
        ComparisonFamily alone = cells(informative, 0.05);
        ComparisonFamily withZeros = cells(padded, 0.05);
        assertEquals(54, withZeros.comparisons());
        assertEquals(24, withZeros.testable());
        assertEquals(alone.divisor(), withZeros.divisor());
        assertTrue(withZeros.divisor() <= 24);
        for (int i = 0; i < 24; i++) assertEquals(alone.rows().get(i).significant(), withZeros.rows().get(i).significant());
        assertTrue(withZeros.rows().subList(24, 54).stream().noneMatch(Comparison::testable));
        String text = ComparisonText.text(withZeros, b -> true);
        assertTrue(text.contains("Family: 54 comparisons, fixed by the request before any display filter; 24 can reach significance and 30 cannot"),
                text);
        assertTrue(text.contains("so K = " + withZeros.divisor() + "."), text);
    }

    /** The divisor is Tarone's, computed from each row's smallest attainable central Fisher p-value. */
    @Test
    void divisor_isTaronesOnTheRowsSmallestPValues() {
        List<CellContrast> rows = List.of(cell("a", 10, 40, 20, 40), cell("b", 0, 40, 3, 40), cell("c", 1, 40, 0, 40),
                cell("d", 12, 14, 2, 16), cell("e", 0, 40, 0, 40));
        double[] smallest = rows.stream().mapToDouble(c -> new ConditionalOddsRatio(c.kB(), c.nB(), c.kA(), c.nA()).smallestCentralP()).toArray();
        ComparisonFamily family = cells(rows, 0.05);
        Tarone tarone = Tarone.of(smallest, 0.05);
        assertEquals(tarone.divisor(), family.divisor());
        assertEquals(2, family.divisor(), "only 10/40 vs 20/40 and 12/14 vs 2/16 can reach significance");
        for (int i = 0; i < rows.size(); i++) assertEquals(tarone.testable().get(i), family.rows().get(i).testable());
    }

    /** Filtering what is shown leaves every flag, K and the count of significant rows as they were. */
    @Test
    void shown_filtersRowsOnly() {
        ComparisonFamily family = cells(List.of(cell("blackmail", 2, 40, 25, 40), cell("leak", 0, 40, 0, 40), cell("blackmail", 10, 40, 12, 40),
                cell("ethical_appeal", 30, 40, 5, 40)), 0.05);
        List<Comparison> blackmail = family.shown("blackmail"::equals);
        assertEquals(List.of(family.rows().get(0), family.rows().get(2)), blackmail);
        String all = ComparisonText.text(family, b -> true);
        String some = ComparisonText.text(family, "blackmail"::equals);
        assertTrue(some.contains("Significant: 2 of the family's 4 (1 of the 2 shown)"), some);
        assertEquals(all.lines().filter(l -> l.startsWith("Family:")).toList(), some.lines().filter(l -> l.startsWith("Family:")).toList());
    }

    /**
     * Property, fixed seed: on random families of both kinds, every printed row's flag agrees with the interval
     * printed beside it (significant ⇔ the printed bounds exclude the null value), untestable rows are never
     * flagged, and p × K is printed below α exactly for flagged rows.
     */
    @Test
    void printedFlag_agreesWithPrintedInterval_onRandomFamilies() {
        SplittableRandom random = new SplittableRandom(10);
        int significant = 0, notSignificant = 0;
        for (int trial = 0; trial < 150; trial++) {
            double alpha = List.of(0.05, 0.01, 0.1).get(random.nextInt(3));
            ComparisonFamily family;
            if (trial % 2 == 0) {
                List<CellContrast> rows = new ArrayList<>();
                int m = 1 + random.nextInt(40);
                for (int i = 0; i < m; i++) {
                    int nA = 3 + random.nextInt(78), nB = 3 + random.nextInt(78);
                    if (random.nextInt(4) == 0) rows.add(cell("b" + i, 0, nA, 0, nB));
                    else rows.add(cell("b" + i, binomial(random, nA, random.nextDouble()), nA, binomial(random, nB, random.nextDouble()), nB));
                }
                family = cells(rows, alpha);
            } else {
                List<FactorContrast> rows = new ArrayList<>();
                int m = 1 + random.nextInt(20);
                for (int i = 0; i < m; i++) {
                    List<Stratum> strata = new ArrayList<>();
                    double pa = random.nextDouble(), shift = random.nextDouble() * 0.6 - 0.3;
                    boolean degenerate = random.nextInt(4) == 0;
                    for (int s = 0; s < 1 + random.nextInt(4); s++) {
                        int nA = 2 + random.nextInt(40), nB = 2 + random.nextInt(40);
                        strata.add(degenerate ? new Stratum(0, nA, 0, nB)
                                : new Stratum(binomial(random, nA, pa), nA, binomial(random, nB, Math.max(0, Math.min(1, pa + shift))), nB));
                    }
                    rows.add(new FactorContrast("b" + i, new Side("f=x", "r", "m"), new Side("f=y", "r", "m"), strata, false));
                }
                family = ComparisonFamily.of("test", ComparisonFamily.Scale.DIFFERENCE, alpha, rows, Comparisons.FACTOR_METHOD,
                        Comparisons.FACTOR_UNTESTABLE, List.of(), List.of());
            }
            double nul = family.scale().nullValue();
            List<String> lines = ComparisonText.text(family, b -> true).lines().toList();
            for (Comparison c : family.rows()) {
                String line = lines.stream().filter(l -> l.startsWith(c.behaviour() + " ")).findFirst().orElseThrow();
                String interval = line.substring(line.indexOf('['), line.indexOf(']') + 1);
                String[] bounds = interval.substring(1, interval.length() - 1).split(", ");
                double lo = parse(bounds[0]), hi = parse(bounds[1]);
                boolean excludes = lo > nul || hi < nul;
                boolean flagged = line.contains("significant");
                assertEquals(flagged, excludes, line);
                assertEquals(c.significant(), flagged, line);
                assertEquals(c.significant(), !c.interval().contains(nul), line);
                if (!c.testable()) assertFalse(flagged, line);
                else {
                    String[] cells = line.split("\\s{2,}");
                    double adjusted = Double.parseDouble(cells[cells.length - (flagged ? 2 : 1)]);
                    assertEquals(flagged, adjusted < alpha, line);
                }
                if (c.significant()) significant++;
                else notSignificant++;
            }
        }
        assertTrue(significant > 100 && notSignificant > 100, "both kinds seen: " + significant + ", " + notSignificant);
    }

    private static double parse(String bound) {
        return bound.equals("∞") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
    }

    private static int binomial(SplittableRandom random, int n, double p) {
        int k = 0;
        for (int i = 0; i < n; i++) if (random.nextDouble() < p) k++;
        return k;
    }
}
