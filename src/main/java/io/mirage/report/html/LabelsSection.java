package io.mirage.report.html;

import io.mirage.detect.Outcome;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.RunSpec;
import io.mirage.run.StoredOutcome;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * Human labels beside the machine verdicts: for each behaviour and verdict source, how the labelled
 * rollouts' verdicts compare with the labels (counts of label × verdict).
 */
final class LabelsSection {
    private LabelsSection() {}

    static String html(ReportData data) {
        Map<Integer, Map<String, HumanLabel>> labels = data.labelsByRollout();
        if (labels.isEmpty()) return "";
        int total = labels.values().stream().mapToInt(Map::size).sum();
        StringBuilder sb = new StringBuilder("<section id=\"labels\"><h2>Human labels</h2><p>")
                .append(total).append(" labels on ").append(labels.size()).append(" rollouts. Each table counts the labelled rollouts by ")
                .append("the person's label (rows) and the source's verdict (columns).</p>");
        Map<String, Outcome> verdicts = new HashMap<>();
        for (StoredOutcome o : data.outcomes()) verdicts.put(o.index() + "\n" + o.behaviour() + "\n" + o.source(), o.outcome());
        for (RunSpec.BehaviourRef b : data.spec().behaviours()) {
            boolean any = labels.values().stream().anyMatch(m -> m.containsKey(b.id()));
            if (!any) continue;
            sb.append("<h3>").append(text(b.id())).append("</h3><div class=\"grids\">");
            for (String source : data.sources()) {
                int[][] counts = new int[LabelValue.values().length][Outcome.values().length + 1]; // last column: no verdict
                labels.forEach((index, byBehaviour) -> {
                    HumanLabel l = byBehaviour.get(b.id());
                    if (l == null) return;
                    Outcome o = verdicts.get(index + "\n" + b.id() + "\n" + source);
                    counts[l.value().ordinal()][o == null ? Outcome.values().length : o.ordinal()]++;
                });
                sb.append("<table class=\"agreement\" data-behaviour=\"").append(attr(b.id())).append("\" data-source=\"").append(attr(source))
                        .append("\"><caption>").append(text(source)).append("</caption><thead><tr><th>label \\ verdict</th>");
                for (Outcome o : Outcome.values()) sb.append("<th class=\"num\">").append(name(o)).append("</th>");
                sb.append("<th class=\"num\">none</th></tr></thead><tbody>");
                for (LabelValue v : LabelValue.values()) {
                    sb.append("<tr><th>").append(name(v)).append("</th>");
                    for (int c = 0; c < counts[v.ordinal()].length; c++) {
                        sb.append("<td class=\"num\" data-label=\"").append(name(v)).append("\" data-verdict=\"")
                                .append(c < Outcome.values().length ? name(Outcome.values()[c]) : "none").append("\">")
                                .append(counts[v.ordinal()][c]).append("</td>");
                    }
                    sb.append("</tr>");
                }
                sb.append("</tbody></table>");
            }
            sb.append("</div>");
        }
        return sb.append("</section>").toString();
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
