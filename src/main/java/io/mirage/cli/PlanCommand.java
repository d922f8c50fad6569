package io.mirage.cli;

import io.mirage.stats.Proportions;
import io.mirage.stats.SampleSize;
import io.mirage.stats.TwoArmPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "plan", description = {
        "How many samples per cell:",
        "  mirage plan --rate R --margin M       the report's exact (Clopper-Pearson) interval is no wider than R ± M",
        "                                        (at R = 0: 0/n gives an upper bound of at most M)",
        "  mirage plan --both-arms --rate R --difference D [--power 0.8] [--alpha 0.05]",
        "                                        per arm, to tell R from R + D with Fisher's exact test"})
final class PlanCommand implements Callable<Integer> {
    @Spec CommandSpec command;

    @Option(names = "--rate", required = true, paramLabel = "R",
            description = "The rate you expect (arm A's with --both-arms), e.g. 0.3 (for a margin use 0.5 when unknown: it needs the most).")
    double rate;

    @Option(names = "--margin", paramLabel = "M", description = "Half-width you can accept, e.g. 0.05.")
    Double margin;

    @Option(names = "--confidence", defaultValue = "0.95", description = "With --margin: interval confidence (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--both-arms", description = "Plan a comparison of two arms (runs, models or conditions) instead of one cell's precision.")
    boolean bothArms;

    @Option(names = "--difference", paramLabel = "D", description = "With --both-arms: the difference to detect; arm B's rate is R + D (negative for a drop).")
    Double difference;

    @Option(names = "--power", defaultValue = "0.8", description = "With --both-arms: the chance of detecting D (default: ${DEFAULT-VALUE}).")
    double power;

    @Option(names = "--alpha", defaultValue = "0.05", description = "With --both-arms: two-sided significance level (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        try {
            if (bothArms) {
                if (difference == null) throw new UsageException("--both-arms needs --difference D, the difference to detect");
                if (margin != null) throw new UsageException("--margin plans one cell; leave it out with --both-arms");
                bothArms(out);
            } else {
                if (difference != null) throw new UsageException("--difference plans a comparison: add --both-arms");
                if (margin == null) throw new UsageException("give --margin M (or --both-arms with --difference D)");
                margin(out);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void margin(PrintWriter out) {
        SampleSize.MarginPlan plan = SampleSize.forMargin(rate, margin, confidence);
        int normal = SampleSize.normalApproximation(rate, margin, confidence);
        int n = plan.n();
        String interval = String.format(Locale.ROOT, "%d/%d gives the exact %s interval %s (Clopper–Pearson, as the report shows)",
                plan.k(), n, percent(confidence), interval(plan.interval().lower(), plan.interval().upper()));
        if (plan.k() == 0) {
            out.printf(Locale.ROOT, "%d samples per cell for a rate near %s with an upper bound within %s of it: %s.%n",
                    n, trim(rate), trim(margin), interval);
        } else if (plan.k() == n) {
            out.printf(Locale.ROOT, "%d samples per cell for a rate near %s with a lower bound within %s of it: %s.%n",
                    n, trim(rate), trim(margin), interval);
        } else {
            out.printf(Locale.ROOT, "%d samples per cell for a rate near %s ± %s: %s, %.4f wide (at most %.4f).%n",
                    n, trim(rate), trim(margin), interval, plan.width(), plan.widthLimit());
        }
        if (plan.holdsFrom() > n) {
            int before = plan.holdsFrom() - 1; // fails, by the definition of holdsFrom
            int k = (int) SampleSize.expectedCount(rate, before);
            var wider = Proportions.clopperPearson(k, before, confidence);
            out.printf(Locale.ROOT, "The width is not monotone in n, as the count is whole: every n from %d on keeps it, but not every n"
                    + " in between (%d/%d gives %.5f).%n", plan.holdsFrom(), k, before, wider.upper() - wider.lower());
        }
        if (plan.k() == 0) {
            int m = SampleSize.forUpperBound(rate + margin, confidence);
            out.printf(Locale.ROOT, "Where k = 0 the report also gives, below the table, the one-sided %s upper bound: 0/%d gives %s.%n",
                    percent(confidence), m, bound(Proportions.upperBound(0, m, confidence)));
        }
        out.printf(Locale.ROOT, "(The textbook normal approximation z²p(1−p)/m² says %d%s.)%n", normal,
                normal == 0 ? ", useless at a rate of 0 or 1" : normal < n ? ", too few for the exact interval" : "");
        out.printf(Locale.ROOT, "A grid of C conditions and M models needs %d × C × M rollouts; with --stop-when-decided,"
                + " cells far from the threshold stop sooner.%n", n);
    }

    private void bothArms(PrintWriter out) {
        TwoArmPlan plan = TwoArmPlan.of(rate, rate + difference, alpha, power);
        out.printf(Locale.ROOT, "%d samples per arm (%d in all) to tell a rate of %s from %s with power %s: at %d per arm the"
                        + " two-sided Fisher exact test at α = %s rejects equal rates with probability %.3f.%n",
                plan.n(), 2L * plan.n(), trim(plan.rateA()), trim(plan.rateB()), trim(power), plan.n(), trim(alpha), plan.power());
        if (plan.approximation() == plan.n()) {
            out.printf(Locale.ROOT, "Power is exact, over every pair of binomial counts, and a sawtooth in n; %d falls short. The normal"
                            + " approximation with continuity correction (Fleiss, Levin & Paik 2003) lands on %d too (%d without the"
                            + " correction).%n", plan.n() - 1, plan.n(), plan.uncorrected());
        } else if (plan.approximation() > plan.n()) {
            out.printf(Locale.ROOT, "Power is exact, over every pair of binomial counts, and a sawtooth in n: from %d it stays at or above %s"
                            + " at every n up to %d, where the normal approximation with continuity correction lands (Fleiss, Levin & Paik"
                            + " 2003; %d without the correction); %d falls short.%n", plan.n(), trim(power), plan.approximation(),
                    plan.uncorrected(), plan.n() - 1);
        } else {
            out.printf(Locale.ROOT, "Power is exact, over every pair of binomial counts, and a sawtooth in n: the normal approximation with"
                            + " continuity correction (Fleiss, Levin & Paik 2003) says %d, too few; %d is the first n above it to reach %s"
                            + " (%d without the correction).%n", plan.approximation(), plan.n(), trim(power), plan.uncorrected());
        }
        out.println("This is the test mirage compare runs on two cells (Fisher's exact test, central two-sided p-value). compare flags a"
                + " row when p < α/K, K being how many of its comparisons can reach significance (Tarone): to compare m pairs,"
                + " plan with --alpha 0.05/m (K ≤ m, so that is enough).");
    }

    private static String interval(double lower, double upper) {
        return "[" + bound(lower) + ", " + bound(upper) + "]";
    }

    private static String bound(double x) {
        return x == 0 || x == 1 ? Integer.toString((int) x) : String.format(Locale.ROOT, "%.4f", x);
    }

    private static String percent(double confidence) {
        return new java.math.BigDecimal(Double.toString(confidence)).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** Up to four decimals, without trailing zeros: 0.05, 0.25 (not 0.25000000000000006). */
    private static String trim(double x) {
        return java.math.BigDecimal.valueOf(x).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
