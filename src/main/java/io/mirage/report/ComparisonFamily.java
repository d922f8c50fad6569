package io.mirage.report;

import io.mirage.stats.RiskDifferenceHomogeneity;
import io.mirage.stats.Tarone;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The comparisons one {@code compare} asks for, as one multiple-testing family. The family is fixed by the
 * request (mode, runs, verdict source, stopped cells) and never by what is displayed: a display filter such as
 * {@code --behaviour} picks rows with {@link #shown} after the flags are set.
 * <p>
 * Flags: Tarone's (1990) procedure ({@link Tarone}) drops the rows whose margins cannot give a p-value below
 * α/K and sets K; a testable row is significant when p &lt; α/K (Bonferroni over the K). The interval beside each
 * row inverts the same test at level α/K, so it excludes the null value exactly when the row is flagged, and the
 * testable rows' intervals hold simultaneously with probability at least 1 − α.
 *
 * @param comparisons how many rows the request makes (shown or not)
 * @param method      the test and interval, for the footer
 * @param untestableWhy why the untestable rows cannot reach significance, for the footer
 * @param warnings    what was left out or is approximate, for people to read first
 * @param homogeneity for a factor, whether its effect differs between models, per behaviour and level
 */
public record ComparisonFamily(String subject, Scale scale, double alpha, int comparisons, int testable, int divisor, List<Comparison> rows,
                               String method, String untestableWhy, List<String> warnings, List<Homogeneity> homogeneity) {

    /** What the intervals are for and the value meaning "no difference". */
    public enum Scale {
        ODDS_RATIO("odds ratio B:A", 1.0),
        DIFFERENCE("B − A", 0.0);

        private final String label;
        private final double nullValue;

        Scale(String label, double nullValue) {
            this.label = label;
            this.nullValue = nullValue;
        }

        public String label() {
            return label;
        }

        public double nullValue() {
            return nullValue;
        }
    }

    /** Whether a factor's effect on one behaviour is the same for every model. */
    public record Homogeneity(String behaviour, String a, String b, RiskDifferenceHomogeneity test) {
        /** Level of the homogeneity test: a warning, not a family-wise decision. */
        public static final double ALPHA = 0.05;

        public boolean rejects() {
            return test.pValue() < ALPHA;
        }
    }

    public ComparisonFamily {
        rows = List.copyOf(rows);
        warnings = List.copyOf(warnings);
        homogeneity = List.copyOf(homogeneity);
    }

    static ComparisonFamily of(String subject, Scale scale, double alpha, List<? extends Contrast> contrasts, String method,
                               String untestableWhy, List<String> warnings, List<Homogeneity> homogeneity) {
        double[] smallest = contrasts.stream().mapToDouble(Contrast::smallestP).toArray();
        Tarone tarone = Tarone.of(smallest, alpha);
        double level = tarone.level();
        List<Comparison> rows = new ArrayList<>();
        for (int i = 0; i < contrasts.size(); i++) {
            Contrast c = contrasts.get(i);
            boolean testable = tarone.testable().get(i);
            double p = c.p();
            rows.add(new Comparison(c.behaviour(), c.condition(), c.a(), c.b(), c.kA(), c.nA(), c.kB(), c.nB(), c.difference(),
                    c.intervalAtLevel(level), p, testable ? Math.min(1.0, tarone.divisor() * p) : Double.NaN, testable,
                    testable && p < level, c.stopped()));
        }
        return new ComparisonFamily(subject, scale, alpha, contrasts.size(), tarone.testableCount(), tarone.divisor(), rows, method,
                untestableWhy, warnings, homogeneity);
    }

    /** α/K, the level each row is tested at; its intervals have confidence 1 − α/K. */
    public double level() {
        return alpha / divisor;
    }

    public long significantCount() {
        return rows.stream().filter(Comparison::significant).count();
    }

    /** The rows to display, in order; the flags are the family's whatever is filtered. */
    public List<Comparison> shown(Predicate<String> behaviour) {
        return rows.stream().filter(r -> behaviour.test(r.behaviour())).toList();
    }

    public List<Homogeneity> homogeneityShown(Predicate<String> behaviour) {
        return homogeneity.stream().filter(h -> behaviour.test(h.behaviour())).toList();
    }
}
