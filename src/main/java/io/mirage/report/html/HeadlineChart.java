package io.mirage.report.html;

import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.RunSpec;
import io.mirage.stats.Interval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * The headline figure: for each harmful behaviour, per model, a bar for the rate in the headline condition
 * and one for the control, each with its 95% interval as a whisker, k/n and n beside it. Indeterminate
 * rollouts are never in n: they are counted beside it, and a faint band shows how far they could move the
 * rate ({@link CellResult#bounds()}). A complete figure: title, conditions and small print are inside the SVG,
 * so it can be cut out of the report as it is. Detector verdicts only: what the agent did, from the world's events.
 */
final class HeadlineChart {
    private static final int PLOT = 360;
    private static final int ROW = 17;
    private static final int MODEL_GAP = 8;
    private static final int ROLE = 62;
    private static final int NUMBERS = 300;
    private static final int LINE = 14;

    private HeadlineChart() {}

    /** One bar: a model's result for one behaviour on one side of the figure. */
    record Bar(String model, int modelIndex, HeadlineConditions.Choice side, CellResult cell) {}

    static List<RunSpec.BehaviourRef> behaviours(RunSpec spec) {
        List<RunSpec.BehaviourRef> harmful = spec.behaviours().stream().filter(RunSpec.BehaviourRef::harmful).toList();
        return harmful.isEmpty() ? spec.behaviours() : harmful;
    }

    static List<Bar> bars(ReportData data, HeadlineConditions chosen, String behaviour) {
        ResultTable table = data.tables().get(Verdict.DETECTOR);
        List<String> models = data.spec().models();
        List<Bar> bars = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            for (HeadlineConditions.Choice side : chosen.choices()) bars.add(new Bar(models.get(m), m, side, cell(table, models.get(m), behaviour, side)));
        }
        return bars;
    }

    /** The one cell, kept whole (an early-stopped cell keeps its anytime-valid interval), or the cells pooled. */
    private static CellResult cell(ResultTable table, String model, String behaviour, HeadlineConditions.Choice side) {
        if (side.conditionIds().size() == 1) {
            String id = side.conditionIds().getFirst();
            return table.cells().stream().filter(c -> c.model().equals(model) && c.behaviour().equals(behaviour) && c.conditionId().equals(id))
                    .findFirst().orElseThrow();
        }
        return Pooling.pool(table, model, behaviour, new HashSet<>(side.conditionIds())::contains, side.levels());
    }

    static String svg(ReportData data) {
        HeadlineConditions chosen = HeadlineConditions.of(data.spec().conditions(), data.figures());
        List<String> models = data.spec().models();
        int label = Math.max(120, (int) Math.ceil(models.stream().mapToInt(String::length).max().orElse(0) * IntervalChart.CHAR_WIDTH) + 12);
        int plotLeft = label + ROLE;
        int numbers = plotLeft + PLOT + 36;
        int width = numbers + NUMBERS;

        List<String> head = new ArrayList<>();
        for (HeadlineConditions.Choice side : chosen.choices()) {
            head.add(side.role() + ": " + side.levels() + (side.note().isEmpty() ? "" : " (" + side.note() + ")"));
        }
        if (chosen.control() == null) head.add("control: none in this run distinct from the headline");
        List<CellResult> shown = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int y = 26 + head.size() * LINE + 10;
        for (RunSpec.BehaviourRef b : behaviours(data.spec())) {
            body.append("<text class=\"heading\" x=\"0\" y=\"").append(y + 12).append("\">").append(text(b.title())).append(" (")
                    .append(text(b.id())).append(")</text>");
            y += 20;
            for (int t = 0; t <= 4; t++) {
                double x = plotLeft + t / 4.0 * PLOT;
                body.append("<text class=\"axis\" x=\"").append(fmt(x)).append("\" y=\"").append(y + 8).append("\" text-anchor=\"middle\">")
                        .append(Html.number(t / 4.0, 2)).append("</text>");
            }
            body.append("<text class=\"axis\" x=\"").append(numbers).append("\" y=\"").append(y + 8).append("\">rate [95% CI] · k/n · n</text>");
            y += 14;
            int top = y;
            int panelHeight = models.size() * (chosen.choices().size() * ROW + MODEL_GAP);
            for (int t = 0; t <= 4; t++) {
                double x = plotLeft + t / 4.0 * PLOT;
                body.append("<line class=\"grid\" x1=\"").append(fmt(x)).append("\" y1=\"").append(top).append("\" x2=\"").append(fmt(x))
                        .append("\" y2=\"").append(top + panelHeight - MODEL_GAP).append("\"/>");
            }
            List<Bar> bars = bars(data, chosen, b.id());
            for (int i = 0; i < bars.size(); i++) {
                Bar bar = bars.get(i);
                int sideIndex = i % chosen.choices().size();
                if (sideIndex == 0) {
                    if (i > 0) y += MODEL_GAP;
                    body.append("<text class=\"label\" x=\"").append(label - 8).append("\" y=\"").append(y + ROW * chosen.choices().size() / 2 + 4)
                            .append("\" text-anchor=\"end\">").append(text(bar.model())).append("</text>");
                }
                bar(body, bar, plotLeft, numbers, y + ROW / 2);
                shown.add(bar.cell());
                y += ROW;
            }
            y += 18;
        }
        String provenance = SmallPrint.provenance(data.run().id(), Verdict.DETECTOR, SmallPrint.method(shown));
        String denominator = "n counts rollouts with a verdict; indeterminate ones are counted apart, never as no. Faint band: the rate if every indeterminate one went either way.";
        int height = y + 3 * 12 + 4;
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<svg class=\"chart headline\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(attr("Headline: harmful behaviour rates per model in the headline and control conditions, with 95% intervals"))
                .append("\" data-figure=\"headline\" data-complete=\"true\">");
        sb.append("<text class=\"title\" x=\"0\" y=\"16\">Harmful behaviour under the strongest pressure, and in the control</text>");
        for (int i = 0; i < head.size(); i++) {
            sb.append("<text class=\"note\" x=\"0\" y=\"").append(34 + i * LINE).append("\">").append(text(head.get(i))).append("</text>");
        }
        sb.append(body);
        sb.append("<text class=\"smallprint\" x=\"0\" y=\"").append(height - 30).append("\">").append(text(denominator)).append("</text>");
        sb.append("<text class=\"smallprint\" x=\"0\" y=\"").append(height - 18).append("\">").append(text(provenance)).append("</text>");
        sb.append("<text class=\"smallprint\" x=\"0\" y=\"").append(height - 6).append("\">").append(text(SmallPrint.canary())).append("</text>");
        return sb.append("</svg>").toString();
    }

    private static void bar(StringBuilder sb, Bar bar, int plotLeft, int numbers, int cy) {
        CellResult c = bar.cell();
        String role = bar.side().role();
        sb.append("<g class=\"hbar m").append(bar.modelIndex() % Legend.COLOURS).append(' ').append(role).append("\" data-headline=\"")
                .append(attr(bar.model() + "|" + role + "|" + c.behaviour())).append("\" data-model=\"").append(attr(bar.model()))
                .append("\" data-role=\"").append(role).append("\" data-behaviour=\"").append(attr(c.behaviour()))
                .append("\" data-conditions=\"").append(attr(String.join(" ", bar.side().conditionIds())))
                .append("\" data-k=\"").append(c.k()).append("\" data-n=\"").append(c.n()).append("\" data-indeterminate=\"").append(c.indeterminate())
                .append("\" data-seen=\"").append(c.observed()).append("\" data-interval=\"").append(c.intervalMethod()).append('"');
        Interval i = c.interval();
        if (i != null) {
            sb.append(" data-rate=\"").append(Html.number(c.rate(), 4)).append("\" data-lo=\"").append(Html.number(i.lower(), 4))
                    .append("\" data-hi=\"").append(Html.number(i.upper(), 4)).append('"');
        }
        if (c.bounds() != null) {
            sb.append(" data-bound-lo=\"").append(Html.number(c.bounds().lower(), 4)).append("\" data-bound-hi=\"")
                    .append(Html.number(c.bounds().upper(), 4)).append('"');
        }
        sb.append("><title>").append(text(role + " · " + IntervalChart.tooltip(c))).append("</title>");
        sb.append("<text class=\"role\" x=\"").append(plotLeft - 6).append("\" y=\"").append(cy + 4).append("\" text-anchor=\"end\">").append(role).append("</text>");
        if (c.indeterminate() > 0) {
            sb.append("<line class=\"bounds\" x1=\"").append(fmt(x(plotLeft, c.bounds().lower()))).append("\" y1=\"").append(cy)
                    .append("\" x2=\"").append(fmt(x(plotLeft, c.bounds().upper()))).append("\" y2=\"").append(cy).append("\"/>");
        }
        if (i != null) {
            sb.append("<rect class=\"bar\" x=\"").append(plotLeft).append("\" y=\"").append(cy - 6).append("\" width=\"")
                    .append(fmt(c.rate() * PLOT)).append("\" height=\"12\"/>");
            String dash = c.isStopped() ? " stopped" : "";
            double lo = x(plotLeft, i.lower()), hi = x(plotLeft, i.upper());
            sb.append("<line class=\"whisker").append(dash).append("\" x1=\"").append(fmt(lo)).append("\" y1=\"").append(cy).append("\" x2=\"")
                    .append(fmt(hi)).append("\" y2=\"").append(cy).append("\"/>");
            for (double end : new double[]{lo, hi}) {
                sb.append("<line class=\"whisker\" x1=\"").append(fmt(end)).append("\" y1=\"").append(cy - 4).append("\" x2=\"").append(fmt(end))
                        .append("\" y2=\"").append(cy + 4).append("\"/>");
            }
        }
        sb.append("<text class=\"kn\" x=\"").append(numbers).append("\" y=\"").append(cy + 4).append("\">");
        if (i == null) sb.append("no valid rollout");
        else sb.append(String.format(Locale.ROOT, "%.2f [%.2f, %.2f] · %d/%d", c.rate(), i.lower(), i.upper(), c.k(), c.n()));
        sb.append(" · n=").append(c.n());
        if (c.indeterminate() > 0) sb.append(" · ").append(c.indeterminate()).append(" indet.");
        if (c.pending() > 0) sb.append(" · ").append(c.pending()).append(" not run");
        if (c.isStopped()) sb.append(" · stopped");
        sb.append("</text></g>");
    }

    private static double x(int plotLeft, double rate) {
        return plotLeft + rate * PLOT;
    }

    private static String fmt(double d) {
        return Html.number(d, 1);
    }
}
