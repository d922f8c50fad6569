package io.mirage.report.html;

import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.scenario.Condition;
import io.mirage.stats.Interval;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * One behaviour's rates as an inline SVG forest plot: a group of rows per condition, one row per model
 * (its colour), the cell's 95% interval as a bar and the rate as a dot on a 0–1 axis, with k/n and
 * the indeterminate count beside it. Each row carries its numbers in data-* attributes
 * ({@code data-cell="model|condition|behaviour"}, {@code data-k}, {@code data-n}, …) and links to
 * the transcript list, which the report's script then filters to that cell.
 */
final class IntervalChart {
    private static final int MIN_LABEL = 330;
    /** A generous width of one character of the chart's 11px font, so a label never starts left of 0. */
    static final double CHAR_WIDTH = 6.6;
    private static final int PLOT = 410;
    private static final int NUMBERS_WIDTH = 204;
    private static final int ROW = 14;
    private static final int GROUP_GAP = 9;
    private static final int TOP = 26;

    private IntervalChart() {}

    /**
     * Where things go: condition labels right-aligned at {@code label - 8}, in a column as wide as the longest
     * label, then the plot, then the numbers. The SVG scales to the page, so a wider column shrinks, not clips.
     */
    private record Layout(int label) {
        static Layout of(List<String> labels) {
            int longest = labels.stream().mapToInt(String::length).max().orElse(0);
            return new Layout(Math.max(MIN_LABEL, (int) Math.ceil(longest * CHAR_WIDTH) + 16));
        }

        int plotLeft() {
            return label + 10;
        }

        int plotRight() {
            return plotLeft() + PLOT;
        }

        int numbers() {
            return plotRight() + 26;
        }

        int width() {
            return numbers() + NUMBERS_WIDTH;
        }

        double x(double rate) {
            return plotLeft() + rate * PLOT;
        }
    }

    static String svg(ResultTable table, int sourceIndex, int behaviourIndex) {
        List<String> models = table.spec().models();
        List<String> conditions = table.spec().conditions();
        String behaviour = table.spec().behaviours().get(behaviourIndex).id();
        Map<String, CellResult> cells = new HashMap<>();
        for (CellResult c : table.cells()) if (c.behaviour().equals(behaviour)) cells.put(c.model() + "\n" + c.conditionId(), c);

        Factors factors = Factors.of(conditions);
        Layout layout = Layout.of(conditions.stream().map(factors::label).toList());
        int groupHeight = models.size() * ROW + GROUP_GAP;
        int height = TOP + conditions.size() * groupHeight + 6;
        StringBuilder sb = new StringBuilder(4096 + conditions.size() * models.size() * 420);
        sb.append("<svg class=\"chart intervals\" viewBox=\"0 0 ").append(layout.width()).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(attr("Rates of " + behaviour + " with 95% intervals, by condition and model"))
                .append("\" data-behaviour=\"").append(attr(behaviour)).append("\" data-source=\"").append(attr(table.source())).append("\">");
        // Axis: gridlines every 0.25, labels on top.
        for (int t = 0; t <= 4; t++) {
            double x = layout.x(t / 4.0);
            sb.append("<line class=\"grid\" x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP - 6).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(height - 4).append("\"/>");
            sb.append("<text class=\"axis\" x=\"").append(fmt(x)).append("\" y=\"").append(TOP - 10).append("\" text-anchor=\"middle\">")
                    .append(Html.number(t / 4.0, 2)).append("</text>");
        }
        sb.append("<text class=\"axis\" x=\"").append(layout.numbers()).append("\" y=\"").append(TOP - 10).append("\">k/n · indeterminate</text>");
        int y = TOP;
        for (int ci = 0; ci < conditions.size(); ci++) {
            String condition = conditions.get(ci);
            if (ci % 2 == 1) {
                sb.append("<rect class=\"band\" x=\"0\" y=\"").append(y - 3).append("\" width=\"").append(layout.width()).append("\" height=\"")
                        .append(groupHeight - GROUP_GAP + 6).append("\"/>");
            }
            // The label shows the levels that differ; hovering it gives the condition in full.
            sb.append("<g class=\"condition\"><title>").append(text(Condition.shortId(condition))).append("</title><text class=\"label\" x=\"")
                    .append(layout.label() - 8).append("\" y=\"").append(y + models.size() * ROW / 2 + 4).append("\" text-anchor=\"end\">")
                    .append(text(factors.label(condition))).append("</text></g>");
            for (int mi = 0; mi < models.size(); mi++) {
                CellResult c = cells.get(models.get(mi) + "\n" + condition);
                row(sb, layout, c, mi, y + mi * ROW + ROW / 2, sourceIndex, behaviourIndex);
            }
            y += groupHeight;
        }
        return sb.append("</svg>").toString();
    }

    private static void row(StringBuilder sb, Layout layout, CellResult c, int modelIndex, int cy, int sourceIndex, int behaviourIndex) {
        Interval i = c.interval();
        sb.append("<a href=\"#transcripts\" class=\"cell-link\"><g class=\"bar m").append(modelIndex % Legend.COLOURS)
                .append("\" data-cell=\"").append(attr(c.model() + "|" + c.conditionId() + "|" + c.behaviour()))
                .append("\" data-model=\"").append(attr(c.model())).append("\" data-condition=\"").append(attr(c.conditionId()))
                .append("\" data-b=\"").append(behaviourIndex).append("\" data-s=\"").append(sourceIndex)
                .append("\" data-k=\"").append(c.k()).append("\" data-n=\"").append(c.n())
                .append("\" data-indeterminate=\"").append(c.indeterminate()).append("\" data-seen=\"").append(c.observed())
                .append("\" data-not-run=\"").append(c.pending()).append("\" data-interval=\"").append(c.intervalMethod()).append('"');
        if (c.isStopped()) sb.append(" data-stopped=\"").append(attr(c.stopped().label())).append('"');
        if (c.bounds() != null) {
            sb.append(" data-bound-lo=\"").append(Html.number(c.bounds().lower(), 4)).append("\" data-bound-hi=\"")
                    .append(Html.number(c.bounds().upper(), 4)).append('"');
        }
        if (i != null) {
            sb.append(" data-rate=\"").append(Html.number(c.rate(), 4)).append("\" data-lo=\"").append(Html.number(i.lower(), 4))
                    .append("\" data-hi=\"").append(Html.number(i.upper(), 4)).append('"');
        }
        sb.append('>');
        sb.append("<title>").append(text(tooltip(c))).append("</title>");
        // An invisible full-width target, so the thin bar is easy to hover and click.
        sb.append("<rect class=\"hit\" x=\"").append(layout.plotLeft() - 4).append("\" y=\"").append(cy - ROW / 2).append("\" width=\"")
                .append(layout.width() - layout.plotLeft()).append("\" height=\"").append(ROW).append("\"/>");
        if (i != null) {
            if (c.indeterminate() > 0) {
                // How far the rate could move if every indeterminate rollout had gone either way: a faint band under the bar.
                sb.append("<line class=\"bounds\" x1=\"").append(fmt(layout.x(c.bounds().lower()))).append("\" y1=\"").append(cy).append("\" x2=\"")
                        .append(fmt(layout.x(c.bounds().upper()))).append("\" y2=\"").append(cy).append("\"/>");
            }
            sb.append("<line class=\"ci").append(c.isStopped() ? " stopped" : "").append("\" x1=\"").append(fmt(layout.x(i.lower()))).append("\" y1=\"").append(cy).append("\" x2=\"")
                    .append(fmt(layout.x(i.upper()))).append("\" y2=\"").append(cy).append("\"/>");
            sb.append("<circle class=\"dot\" cx=\"").append(fmt(layout.x(c.rate()))).append("\" cy=\"").append(cy).append("\" r=\"3.6\"/>");
        } else {
            sb.append("<text class=\"none\" x=\"").append(layout.plotLeft()).append("\" y=\"").append(cy + 4).append("\">no valid rollout</text>");
        }
        sb.append("<text class=\"kn\" x=\"").append(layout.numbers()).append("\" y=\"").append(cy + 4).append("\">")
                .append(c.k()).append('/').append(c.n());
        if (c.indeterminate() > 0) {
            sb.append(" · ").append(c.indeterminate()).append(" indet.");
            if (c.observed() > 0) sb.append(" (").append(c.observed()).append(" seen)");
        }
        if (c.pending() > 0) sb.append(" · ").append(c.pending()).append(" not run");
        if (c.isStopped()) sb.append(" · stopped");
        sb.append("</text></g></a>");
    }

    static String tooltip(CellResult c) {
        StringBuilder t = new StringBuilder(c.model()).append(" · ").append(Condition.shortId(c.conditionId())).append(" · ").append(c.behaviour())
                .append('\n');
        if (c.n() == 0) t.append("no valid rollout");
        else t.append(String.format(Locale.ROOT, "rate %.2f, 95%% CI [%.2f, %.2f], %d/%d", c.rate(), c.interval().lower(),
                c.interval().upper(), c.k(), c.n()));
        if (c.isStopped()) t.append(" (anytime-valid)");
        t.append("; ").append(c.indeterminate()).append(" indeterminate");
        if (c.indeterminate() > 0) {
            t.append(String.format(Locale.ROOT, " (%d with the act seen); bounds [%.2f, %.2f]", c.observed(), c.bounds().lower(),
                    c.bounds().upper()));
        }
        if (c.pending() > 0) t.append("; ").append(c.pending()).append(" not run");
        if (c.isStopped()) t.append("; ").append(c.stopped().label());
        return t.toString();
    }

    private static String fmt(double d) {
        return Html.number(d, 1);
    }
}
