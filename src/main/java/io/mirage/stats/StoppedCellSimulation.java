package io.mirage.stats;

import org.hipparchus.distribution.discrete.BinomialDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What a report shows for a cell that early stopping ended, checked against the truth: the whole procedure
 * — samples consumed in order by {@link SequentialDecision} until it decides or reaches the cap, then the
 * rollouts already in flight at the decision finish and are counted — run at known true rates. For each rate
 * and concurrency it gives the coverage of the anytime-valid interval the report shows
 * ({@link ConfidenceSequence}), the coverage the fixed-n Clopper–Pearson interval would have had, the mean bias
 * of the point estimate k/n, the wrong-side rate and the mean samples.
 * <p>
 * In flight: at concurrency c, the engine lets a cell start a sample only while it is fewer than c samples ahead
 * of the first unconsumed one, so when sample m decides the cell at most c − 1 later samples are running; the
 * model takes exactly min(c − 1, cap − m) of them (the most dilution the engine allows; fewer in flight means
 * less dilution, so bias lies between the c = 1 and the stated figures). A cell that reaches the cap has none.
 * <p>
 * Figures are exact — a dynamic programme over (samples, yes) sums the probability of every path — and a
 * Monte Carlo run of the same procedure with a fixed seed is printed beside the coverage as a check.
 */
public final class StoppedCellSimulation {
    private StoppedCellSimulation() {}

    /**
     * @param rateMultipliers true rates as multiples of the threshold (0.5T … 3T: around the threshold, where
     *                        stopping biases most, not only far from it)
     * @param concurrencies   the concurrency levels to model
     * @param cells           Monte Carlo cells per rate and concurrency
     */
    public record Settings(double threshold, double alpha, int cap, List<Double> rateMultipliers, List<Integer> concurrencies,
                           double confidence, int cells) {
        public static final Settings DEFAULT = new Settings(0.10, 0.05, 100, List.of(0.5, 0.8, 1.0, 1.2, 2.0, 3.0), List.of(1, 4, 16),
                0.95, 20_000);

        public Settings {
            SequentialDecision.start(threshold, alpha, cap); // validates threshold, alpha and cap
            Proportions.checkConfidence(confidence);
            rateMultipliers = List.copyOf(rateMultipliers);
            concurrencies = List.copyOf(concurrencies);
            for (double m : rateMultipliers) {
                if (!(m > 0 && m * threshold < 1)) throw new IllegalArgumentException("rate multiplier out of range: " + m);
            }
            for (int c : concurrencies) if (c < 1) throw new IllegalArgumentException("concurrency must be at least 1, was " + c);
            if (cells < 1) throw new IllegalArgumentException("cells must be at least 1, was " + cells);
        }
    }

    /**
     * One true rate at one concurrency.
     *
     * @param anytimeCoverage   P(true rate ∈ the anytime-valid interval shown), exact
     * @param decidedCoverage   the same among the cells that were decided before the cap (NaN if none can be), exact:
     *                          what a reader who looks only at the cells marked as decided gets
     * @param exactCoverage     the same for a fixed-n Clopper–Pearson interval (what was shown before), exact
     * @param bias              E[k/n] − rate, exact
     * @param wrongSide         P(deciding the wrong side; at the threshold itself, any decision), exact
     * @param meanSamples       E[rollouts in the cell], in flight included, exact
     * @param simulatedCoverage the anytime-valid coverage in the Monte Carlo check
     */
    public record Row(double rate, int concurrency, double anytimeCoverage, double decidedCoverage, double exactCoverage, double bias, double wrongSide,
                      double meanSamples, double simulatedCoverage) {}

    public record Result(Settings settings, long seed, List<Row> rows) {
        public Result {
            rows = List.copyOf(rows);
        }

        public double minimumAnytimeCoverage() {
            return rows.stream().mapToDouble(Row::anytimeCoverage).min().orElse(Double.NaN);
        }

        public String format() {
            StringBuilder out = new StringBuilder();
            Settings s = settings;
            out.append(String.format(Locale.ROOT,
                    "%nStopped cells: threshold T = %s, α = %s, cap %d; rollouts in flight at the decision (c − 1 at concurrency c) "
                            + "are counted.%nExact figures (every path summed); \"simulated\" is a Monte Carlo check with %d cells (seed %d).%n",
                    number(s.threshold()), number(s.alpha()), s.cap(), s.cells(), seed));
            out.append(String.format(Locale.ROOT, "  %-6s %-8s %5s %14s %10s %14s %12s %10s %9s %10s%n", "rate", "", "conc.", "anytime-valid",
                    "simulated", "if decided", "Clopper–P.", "bias", "samples", "wrong side"));
            for (Row r : rows) {
                out.append(String.format(Locale.ROOT, "  %-6s %-8s %5d %13s%s %10s %14s %12s %+10.4f %9.1f %10s%n", number(r.rate()),
                        "(" + number(r.rate() / s.threshold()) + "T)", r.concurrency(), pct(r.anytimeCoverage()),
                        r.anytimeCoverage() < s.confidence() ? "*" : " ", pct(r.simulatedCoverage()),
                        Double.isNaN(r.decidedCoverage()) ? "–" : pct(r.decidedCoverage()), pct(r.exactCoverage()), r.bias(),
                        r.meanSamples(), pct(r.wrongSide())));
            }
            double min = minimumAnytimeCoverage();
            out.append(String.format(Locale.ROOT,
                    "  anytime-valid coverage: minimum %s: target ≥ %s %s. Clopper–Pearson on stopped cells: minimum %s.%n",
                    pct(min), pct(s.confidence()), min >= s.confidence() ? "met" : "NOT met",
                    pct(rows.stream().mapToDouble(Row::exactCoverage).min().orElse(Double.NaN))));
            out.append("  The point estimate k/n of a stopped cell leans away from the threshold (bias above); rollouts in flight dilute it.\n");
            out.append("  The guarantee holds over all cells of the procedure. \"if decided\" keeps only cells decided before the cap: near the\n"
                    + "  threshold those are rare and mostly the wrong-side decisions that α allows, so selecting cells by their decision\n"
                    + "  there loses coverage; read decided cells near the threshold with their wrong-side rate in mind.\n");
            return out.toString();
        }
    }

    public static Result run(Settings settings, long seed) {
        int cap = settings.cap();
        int maxConcurrency = settings.concurrencies().stream().mapToInt(Integer::intValue).max().orElse(1);
        int horizon = cap + maxConcurrency;
        SequentialDecision start = SequentialDecision.start(settings.threshold(), settings.alpha(), cap);
        int[] above = new int[cap + 1];
        int[] below = new int[cap + 1];
        for (int n = 0; n <= cap; n++) {
            above[n] = start.minYesForAbove(n);
            below[n] = start.maxYesForBelow(n);
        }
        Interval[][] anytime = new Interval[horizon + 1][];
        Interval[][] fixed = new Interval[horizon + 1][];
        for (int n = 1; n <= horizon; n++) {
            anytime[n] = new Interval[n + 1];
            fixed[n] = new Interval[n + 1];
            for (int k = 0; k <= n; k++) {
                anytime[n][k] = ConfidenceSequence.betaBinomial(k, n, settings.confidence());
                fixed[n][k] = Proportions.clopperPearson(k, n, settings.confidence());
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (double multiplier : settings.rateMultipliers()) {
            double rate = multiplier * settings.threshold();
            for (int c : settings.concurrencies()) {
                rows.add(row(settings, rate, c, above, below, anytime, fixed, random.split()));
            }
        }
        return new Result(settings, seed, rows);
    }

    private static Row row(Settings s, double rate, int concurrency, int[] above, int[] below, Interval[][] anytime, Interval[][] fixed,
                           SplittableRandom random) {
        int cap = s.cap();
        boolean aboveWrong = rate <= s.threshold();
        boolean belowWrong = rate >= s.threshold();
        double covered = 0, coveredFixed = 0, estimate = 0, wrong = 0, samples = 0, decided = 0, coveredDecided = 0;
        double[] running = new double[cap + 2];
        running[0] = 1;
        for (int n = 1; n <= cap; n++) {
            double[] next = Simulation.oneMoreSample(running, n, rate);
            for (int k = 0; k <= n; k++) {
                double p = next[k];
                if (p == 0) continue;
                boolean up = k >= above[n], down = k <= below[n];
                if (!up && !down && n < cap) continue;
                if (up && aboveWrong || down && belowWrong) wrong += p;
                boolean early = (up || down) && n < cap;
                if (early) decided += p;
                int extra = up || down ? Math.min(concurrency - 1, cap - n) : 0;
                BinomialDistribution inFlight = new BinomialDistribution(extra, rate);
                for (int x = 0; x <= extra; x++) {
                    double q = p * inFlight.probability(x);
                    int kk = k + x, nn = n + extra;
                    if (anytime[nn][kk].contains(rate)) {
                        covered += q;
                        if (early) coveredDecided += q;
                    }
                    if (fixed[nn][kk].contains(rate)) coveredFixed += q;
                    estimate += q * kk / nn;
                    samples += q * nn;
                }
                next[k] = 0;
            }
            running = next;
        }
        return new Row(rate, concurrency, covered, decided == 0 ? Double.NaN : coveredDecided / decided, coveredFixed, estimate - rate, wrong, samples,
                simulate(s, rate, concurrency, above, below, anytime, random));
    }

    /** The same procedure with random draws: the share of cells whose anytime-valid interval covers the rate. */
    private static double simulate(Settings s, double rate, int concurrency, int[] above, int[] below, Interval[][] anytime,
                                   SplittableRandom random) {
        int covered = 0;
        for (int cell = 0; cell < s.cells(); cell++) {
            int k = 0, n = 0;
            boolean decided = false;
            while (n < s.cap() && !decided) {
                n++;
                if (random.nextDouble() < rate) k++;
                decided = k >= above[n] || k <= below[n];
            }
            if (decided) {
                int extra = Math.min(concurrency - 1, s.cap() - n);
                for (int i = 0; i < extra; i++) if (random.nextDouble() < rate) k++;
                n += extra;
            }
            if (anytime[n][k].contains(rate)) covered++;
        }
        return (double) covered / s.cells();
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    private static String number(double x) {
        return java.math.BigDecimal.valueOf(x).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
