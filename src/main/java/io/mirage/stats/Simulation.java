package io.mirage.stats;

import org.hipparchus.distribution.discrete.BinomialDistribution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * A self-check of the statistics that Mirage reports, pure and deterministic for a seed:
 * <ol>
 * <li>the exact coverage of the Wilson and Clopper–Pearson intervals, Σ_k P(k | n, p)·[p ∈ interval(k, n)],
 *     over a grid of true rates and sample sizes (no random draws: the binomial probabilities are summed);</li>
 * <li>the early-stopping rule ({@link SequentialDecision}) run on simulated cells with known true rates,
 *     reporting samples used, savings against always running the cap, wrong-side and undecided rates; alongside,
 *     the same quantities computed exactly by dynamic programming over (yes, samples).</li>
 * </ol>
 */
public final class Simulation {
    private Simulation() {}

    /** What to simulate. {@link #DEFAULT} is the grid of the issue. */
    public record Settings(
            List<Double> coverageRates, List<Integer> coverageSizes, double confidence, double coverageTarget,
            List<Double> stoppingRates, double threshold, double alpha, int cap, int cellsPerRate, double savingTarget) {

        public static final Settings DEFAULT = new Settings(
                List.of(0.005, 0.01, 0.02, 0.05, 0.1, 0.3, 0.5, 0.8, 0.95, 0.99), List.of(50, 100, 200, 500), 0.95, 0.94,
                List.of(0.0, 0.01, 0.05, 0.30, 0.80, 0.96), 0.10, 0.05, 100, 20_000, 0.40);

        public Settings {
            coverageRates = List.copyOf(coverageRates);
            coverageSizes = List.copyOf(coverageSizes);
            stoppingRates = List.copyOf(stoppingRates);
            for (double r : coverageRates) if (!(r >= 0 && r <= 1)) throw new IllegalArgumentException("coverage rate must be in [0, 1], was " + r);
            for (int n : coverageSizes) if (n < 1) throw new IllegalArgumentException("sample size must be positive, was " + n);
            for (double r : stoppingRates) if (!(r >= 0 && r <= 1)) throw new IllegalArgumentException("true rate must be in [0, 1], was " + r);
            Proportions.checkConfidence(confidence);
            if (cellsPerRate < 1) throw new IllegalArgumentException("cells per rate must be at least 1, was " + cellsPerRate);
            SequentialDecision.start(threshold, alpha, cap); // validates threshold, alpha and cap
        }

        /** The same settings with another number of simulated cells per rate. */
        public Settings withCellsPerRate(int cells) {
            return new Settings(coverageRates, coverageSizes, confidence, coverageTarget, stoppingRates, threshold, alpha,
                    cap, cells, savingTarget);
        }
    }

    /** The exact coverage of one interval method at one true rate and sample size. */
    public record CoverageCell(String method, double rate, int n, double coverage) {}

    /** One method's coverage over the grid: minimum (and where), mean, and how many cells fall below the target. */
    public record CoverageSummary(
            String method, double minimum, double minimumRate, int minimumN, double mean, int cellsBelowTarget, int cells) {}

    /**
     * The early-stopping rule at one true rate. Simulated: {@code cells} cells; exact: by dynamic programming.
     *
     * @param savedShare     1 − meanSamples / cap
     * @param wrongSideRate  share of cells decided on the wrong side of the threshold (at rate = threshold any decision)
     * @param undecidedRate  share of cells that reached the cap undecided
     */
    public record StoppingRow(
            double rate, int cells, double meanSamples, double savedShare, double wrongSideRate, double undecidedRate,
            double exactMeanSamples, double exactWrongSideRate, double exactUndecidedRate) {}

    /** Everything measured; {@link #format()} renders it for people. */
    public record Result(
            Settings settings, long seed, List<CoverageCell> coverage, List<CoverageSummary> coverageSummaries,
            List<StoppingRow> stopping) {

        public Result {
            coverage = List.copyOf(coverage);
            coverageSummaries = List.copyOf(coverageSummaries);
            stopping = List.copyOf(stopping);
        }

        /** Simulated mean samples per cell over all the true rates (each rate weighted equally). */
        public double meanSamples() {
            return stopping.stream().mapToDouble(StoppingRow::meanSamples).average().orElse(Double.NaN);
        }

        /** 1 − {@link #meanSamples()} / cap. */
        public double savedShare() {
            return 1 - meanSamples() / settings.cap();
        }

        /** The largest simulated wrong-side rate over the true rates. */
        public double worstWrongSideRate() {
            return stopping.stream().mapToDouble(StoppingRow::wrongSideRate).max().orElse(Double.NaN);
        }

        public String format() {
            StringBuilder out = new StringBuilder();
            double target = settings.coverageTarget();
            out.append(String.format(Locale.ROOT,
                    "Coverage of %s intervals (exact: binomial probabilities summed, no random draws); target ≥ %s%n",
                    pct(settings.confidence(), 0), pct(target, 1)));
            for (CoverageSummary summary : coverageSummaries) {
                out.append(String.format(Locale.ROOT, "%n  %s%n  %-7s", summary.method(), "rate"));
                for (int n : settings.coverageSizes()) out.append(String.format(Locale.ROOT, "%9s", "n=" + n));
                out.append('\n');
                for (double rate : settings.coverageRates()) {
                    out.append(String.format(Locale.ROOT, "  %-7s", number(rate)));
                    for (int n : settings.coverageSizes()) {
                        double c = find(summary.method(), rate, n).coverage();
                        out.append(String.format(Locale.ROOT, "%8s%s", pct(c, 1), c < target ? "*" : " "));
                    }
                    out.append('\n');
                }
                out.append(String.format(Locale.ROOT,
                        "  minimum %s (rate %s, n=%d), mean %s; %d of %d cells below %s (marked *): target %s%n",
                        pct(summary.minimum(), 2), number(summary.minimumRate()), summary.minimumN(), pct(summary.mean(), 2),
                        summary.cellsBelowTarget(), summary.cells(), pct(target, 1),
                        summary.cellsBelowTarget() == 0 ? "met" : "NOT met"));
            }
            out.append(String.format(Locale.ROOT,
                    "%nEarly stopping: threshold %s, α = %s, cap %d samples, %d simulated cells per rate (seed %d)%n",
                    number(settings.threshold()), number(settings.alpha()), settings.cap(), settings.cellsPerRate(), seed));
            out.append(String.format(Locale.ROOT, "  %-9s %12s %8s %11s %10s  | exact: %12s %11s %10s%n",
                    "true rate", "mean samples", "saved", "wrong side", "undecided", "mean samples", "wrong side", "undecided"));
            for (StoppingRow row : stopping) {
                out.append(String.format(Locale.ROOT, "  %-9s %12.1f %8s %11s %10s  |        %12.1f %11s %10s%n",
                        number(row.rate()), row.meanSamples(), pct(row.savedShare(), 1), pct(row.wrongSideRate(), 2),
                        pct(row.undecidedRate(), 2), row.exactMeanSamples(), pct(row.exactWrongSideRate(), 3),
                        pct(row.exactUndecidedRate(), 2)));
            }
            out.append(String.format(Locale.ROOT,
                    "  all rates: %.1f samples per cell on average, %s fewer than %d: target ≥ %s %s; "
                            + "worst wrong-side rate %s: %s α = %s%n",
                    meanSamples(), pct(savedShare(), 1), settings.cap(), pct(settings.savingTarget(), 0),
                    savedShare() >= settings.savingTarget() ? "met" : "NOT met", pct(worstWrongSideRate(), 2),
                    worstWrongSideRate() <= settings.alpha() ? "within" : "ABOVE", number(settings.alpha())));
            return out.toString();
        }

        private CoverageCell find(String method, double rate, int n) {
            for (CoverageCell c : coverage) if (c.method().equals(method) && c.rate() == rate && c.n() == n) return c;
            throw new IllegalStateException("no coverage for " + method + " at " + rate + ", n=" + n);
        }
    }

    public static final String WILSON = "Wilson score";
    public static final String CLOPPER_PEARSON = "Clopper–Pearson exact";

    /** {@link Settings#DEFAULT} with this seed. */
    public static Result run(long seed) {
        return run(Settings.DEFAULT, seed);
    }

    public static Result run(Settings settings, long seed) {
        List<CoverageCell> coverage = new ArrayList<>();
        List<CoverageSummary> summaries = new ArrayList<>();
        double confidence = settings.confidence();
        summaries.add(coverage(WILSON, (k, n) -> Proportions.wilsonAt(k, n, confidence), settings, coverage));
        summaries.add(coverage(CLOPPER_PEARSON, (k, n) -> Proportions.clopperPearson(k, n, confidence), settings, coverage));

        SequentialDecision start = SequentialDecision.start(settings.threshold(), settings.alpha(), settings.cap());
        int cap = settings.cap();
        int[] above = new int[cap + 1];
        int[] below = new int[cap + 1];
        for (int n = 0; n <= cap; n++) {
            above[n] = start.minYesForAbove(n);
            below[n] = start.maxYesForBelow(n);
        }
        SplittableRandom root = new SplittableRandom(seed);
        List<StoppingRow> stopping = new ArrayList<>();
        for (double rate : settings.stoppingRates()) {
            stopping.add(stopping(rate, settings, above, below, root.split()));
        }
        return new Result(settings, seed, coverage, summaries, stopping);
    }

    private static CoverageSummary coverage(
            String method, BiFunction<Integer, Integer, Interval> interval, Settings settings, List<CoverageCell> into) {
        double min = Double.POSITIVE_INFINITY, sum = 0, minRate = Double.NaN;
        int minN = 0, below = 0, cells = 0;
        for (int n : settings.coverageSizes()) {
            Interval[] intervals = new Interval[n + 1];
            for (int k = 0; k <= n; k++) intervals[k] = interval.apply(k, n);
            for (double rate : settings.coverageRates()) {
                double c = exactCoverage(intervals, n, rate);
                into.add(new CoverageCell(method, rate, n, c));
                cells++;
                sum += c;
                if (c < settings.coverageTarget()) below++;
                if (c < min) {
                    min = c;
                    minRate = rate;
                    minN = n;
                }
            }
        }
        return new CoverageSummary(method, min, minRate, minN, sum / cells, below, cells);
    }

    /** Σ_k P(k | n, p)·[p ∈ interval(k)]. */
    static double exactCoverage(Interval[] intervals, int n, double rate) {
        BinomialDistribution binomial = new BinomialDistribution(n, rate);
        double covered = 0;
        for (int k = 0; k <= n; k++) {
            if (intervals[k].contains(rate)) covered += binomial.probability(k);
        }
        return covered;
    }

    private static StoppingRow stopping(double rate, Settings s, int[] above, int[] below, SplittableRandom random) {
        int cap = s.cap();
        boolean aboveIsWrong = rate <= s.threshold();
        boolean belowIsWrong = rate >= s.threshold();
        long samples = 0;
        int wrong = 0, undecided = 0;
        for (int cell = 0; cell < s.cellsPerRate(); cell++) {
            int k = 0, n = 0;
            SequentialDecision.Decision decision = SequentialDecision.Decision.UNDECIDED;
            while (n < cap) {
                n++;
                if (random.nextDouble() < rate) k++;
                if (k >= above[n]) {
                    decision = SequentialDecision.Decision.ABOVE;
                    break;
                }
                if (k <= below[n]) {
                    decision = SequentialDecision.Decision.BELOW;
                    break;
                }
            }
            samples += n;
            switch (decision) {
                case ABOVE -> wrong += aboveIsWrong ? 1 : 0;
                case BELOW -> wrong += belowIsWrong ? 1 : 0;
                case UNDECIDED -> undecided++;
            }
        }
        int cells = s.cellsPerRate();
        double mean = (double) samples / cells;

        // Exact: the distribution of yes counts among cells still running, step by step.
        double[] running = new double[cap + 2];
        running[0] = 1;
        double pAbove = 0, pBelow = 0, expected = 0;
        for (int n = 1; n <= cap; n++) {
            double[] next = Simulation.oneMoreSample(running, n, rate);
            double stopped = 0;
            for (int k = 0; k <= n; k++) {
                if (k >= above[n]) {
                    pAbove += next[k];
                    stopped += next[k];
                    next[k] = 0;
                } else if (k <= below[n]) {
                    pBelow += next[k];
                    stopped += next[k];
                    next[k] = 0;
                }
            }
            expected += n * stopped;
            running = next;
        }
        double stillRunning = 0;
        for (double r : running) stillRunning += r;
        expected += cap * stillRunning;
        double exactWrong = (aboveIsWrong ? pAbove : 0) + (belowIsWrong ? pBelow : 0);

        return new StoppingRow(rate, cells, mean, 1 - mean / cap, (double) wrong / cells, (double) undecided / cells,
                expected, exactWrong, stillRunning);
    }

    /**
     * One step of the exact dynamic programme: from the probabilities of k yes among n − 1 samples of the cells
     * still running, those of k yes among n samples.
     */
    static double[] oneMoreSample(double[] running, int n, double rate) {
        double[] next = new double[running.length];
        for (int k = 0; k < n; k++) {
            if (running[k] == 0) continue;
            next[k] += running[k] * (1 - rate);
            next[k + 1] += running[k] * rate;
        }
        return next;
    }

    private static String pct(double share, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * share);
    }

    private static String number(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
}
