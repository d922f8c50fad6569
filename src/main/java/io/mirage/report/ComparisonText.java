package io.mirage.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A compare family as aligned text: the warnings first, then one line per shown row, then what the family is
 * and how its flags and intervals are made. Printed bounds are rounded outward and given as many digits as it
 * takes to stay on their side of the null value, so a flag never disagrees with the interval beside it.
 */
public final class ComparisonText {
    private ComparisonText() {}

    public static String text(ComparisonFamily family, Predicate<String> behaviourShown) {
        StringBuilder sb = new StringBuilder("Compare ").append(family.subject()).append('\n');
        for (String w : family.warnings()) sb.append("warning: ").append(w).append('\n');
        if (!family.warnings().isEmpty()) sb.append('\n');
        List<Comparison> shown = family.shown(behaviourShown);
        boolean anyStopped = shown.stream().anyMatch(Comparison::stopped);
        String ci = family.scale().label() + ", " + percent(1 - family.level()) + " CI";
        List<String[]> lines = new ArrayList<>();
        // One model column when both sides of every row measure the same model; otherwise each side names its model.
        boolean oneModel = shown.stream().allMatch(c -> !c.model().isEmpty());
        // Two runs with the same models: the sides are just A and B, named in the first line.
        boolean sides = !oneModel || shown.stream().anyMatch(c -> !c.a().label().equals("A") || !c.b().label().equals("B"));
        boolean conditions = shown.stream().anyMatch(c -> !c.condition().isEmpty());
        lines.add(new String[] {"behaviour", oneModel ? "model" : null, conditions ? "condition" : null, sides ? "A" : null, sides ? "B" : null, "A k/n", "B k/n", "B − A", ci,
                "p", "p × K", "", anyStopped ? "" : null});
        for (Comparison c : shown) {
            lines.add(new String[] {c.behaviour(), oneModel ? c.model() : null, conditions ? c.condition() : null,
                    sides ? side(c.a(), oneModel) : null, sides ? side(c.b(), oneModel) : null, c.kA() + "/" + c.nA(), c.kB() + "/" + c.nB(),
                    String.format(Locale.ROOT, "%+.3f", c.difference()), interval(c, family.scale()),
                    number(c.p(), Double.NaN), c.testable() ? number(c.adjustedP(), family.alpha()) : "–",
                    c.significant() ? "significant" : c.testable() ? "" : "untestable", anyStopped ? (c.stopped() ? "stopped" : "") : null});
        }
        sb.append(columns(lines, 5, 10));
        List<ComparisonFamily.Homogeneity> homogeneity = family.homogeneityShown(behaviourShown);
        if (!homogeneity.isEmpty()) {
            sb.append("\nDoes the effect differ between models? Likelihood-ratio test of one risk difference for all models "
                    + "(each model's own difference under the alternative):\n");
            List<String[]> h = new ArrayList<>();
            h.add(new String[] {"behaviour", "A", "B", "G²", "df", "p", ""});
            for (ComparisonFamily.Homogeneity x : homogeneity) {
                h.add(new String[] {x.behaviour(), x.a(), x.b(), String.format(Locale.ROOT, "%.2f", x.test().statistic()),
                        Integer.toString(x.test().df()), number(x.test().pValue(), ComparisonFamily.Homogeneity.ALPHA),
                        x.rejects() ? "differs between models: do not pool" : ""});
            }
            sb.append(columns(h, 3, 5));
        }
        sb.append('\n');
        for (String line : footer(family, shown)) sb.append(line).append('\n');
        return sb.toString();
    }

    /** What the family is, how its flags and intervals are made, and how many are significant (of those shown). */
    public static List<String> footer(ComparisonFamily f, List<Comparison> shown) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Family: %d comparisons, fixed by the request before any display filter; %d can reach "
                + "significance and %d cannot (%s), so K = %d.", f.comparisons(), f.testable(), f.comparisons() - f.testable(),
                f.untestableWhy(), f.divisor()));
        long significantShown = shown.stream().filter(Comparison::significant).count();
        lines.add(String.format(Locale.ROOT, "Significant: %d of the family's %d%s at family-wise α = %s: p < α/K = %s (Bonferroni over the K).",
                f.significantCount(), f.comparisons(),
                shown.size() == f.rows().size() ? "" : " (" + significantShown + " of the " + shown.size() + " shown)",
                plain(f.alpha()), String.format(Locale.ROOT, "%.3g", f.level())));
        lines.add("Test: " + f.method() + ".");
        lines.add(String.format(Locale.ROOT, "Intervals are at %s, simultaneous for the K testable rows with probability ≥ %s; "
                        + "a row is significant exactly when its interval excludes %s.",
                percent(1 - f.level()), percent(1 - f.alpha()), plain(f.scale().nullValue())));
        lines.add("Rates count valid rollouts only (yes or no verdicts); indeterminate ones are left out of k and n.");
        return lines;
    }

    /** A side as its column shows it: the label, and its model unless a model column or the label already says it. */
    private static String side(Side side, boolean modelColumn) {
        return modelColumn ? side.label() : side.describe();
    }

    /** "[lo, hi]" rounded outward, with enough digits that each bound stays on its side of the null value. */
    public static String interval(Comparison c, ComparisonFamily.Scale scale) {
        double lo = c.interval().lower();
        double hi = c.interval().upper();
        return "[" + bound(lo, scale, true) + ", " + bound(hi, scale, false) + "]";
    }

    static String bound(double value, ComparisonFamily.Scale scale, boolean lower) {
        if (value == Double.POSITIVE_INFINITY) return "∞";
        if (value == 0 && scale == ComparisonFamily.Scale.ODDS_RATIO) return "0";
        double nul = scale.nullValue();
        for (int digits = 3; ; digits++) {
            BigDecimal rounded = scale == ComparisonFamily.Scale.DIFFERENCE
                    ? new BigDecimal(value).setScale(digits, lower ? RoundingMode.FLOOR : RoundingMode.CEILING)
                    : new BigDecimal(value).round(new MathContext(digits, lower ? RoundingMode.FLOOR : RoundingMode.CEILING));
            double shown = rounded.doubleValue();
            if (Integer.signum(Double.compare(shown, nul)) == Integer.signum(Double.compare(value, nul)) || digits >= 17) {
                String s = rounded.toPlainString();
                return scale == ComparisonFamily.Scale.DIFFERENCE && rounded.signum() >= 0 ? "+" + s : s;
            }
        }
    }

    /**
     * Two significant digits, or more when needed to keep the printed number on the same side of
     * {@code threshold} as the value (so "0.050" is never printed for 0.04996 at α = 0.05).
     */
    public static String number(double value, double threshold) {
        if (Double.isNaN(value)) return "–";
        if (value == 0) return "0";
        for (int digits = 2; ; digits++) {
            String s = String.format(Locale.ROOT, "%." + digits + "g", value);
            double shown = Double.parseDouble(s);
            if (Double.isNaN(threshold) || (shown < threshold) == (value < threshold) || digits >= 17) return s;
        }
    }

    public static String percent(double confidence) {
        return new BigDecimal(confidence * 100).round(new MathContext(Math.max(3, digitsFor(1 - confidence)), RoundingMode.FLOOR))
                .stripTrailingZeros().toPlainString() + "%";
    }

    /** Enough significant digits for a confidence like 99.9375% to show what is not covered. */
    private static int digitsFor(double alpha) {
        return 3 + (int) Math.max(0, Math.ceil(-Math.log10(alpha)) - 1);
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /**
     * Aligned columns; those from {@code firstNumeric} to {@code lastNumeric} are right-aligned; a null cell is no column.
     * Nothing is cut: a condition's levels and a side's model are what tell the rows apart.
     */
    private static String columns(List<String[]> lines, int firstNumeric, int lastNumeric) {
        int n = lines.getFirst().length;
        int[] width = new int[n];
        for (String[] line : lines) {
            for (int i = 0; i < n; i++) if (line[i] != null) width[i] = Math.max(width[i], line[i].length());
        }
        StringBuilder sb = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (line[i] == null) continue;
                String cell = line[i];
                boolean numeric = i >= firstNumeric && i <= lastNumeric;
                l.append(numeric ? " ".repeat(width[i] - cell.length()) + cell : cell + " ".repeat(width[i] - cell.length())).append("  ");
            }
            sb.append(l.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
