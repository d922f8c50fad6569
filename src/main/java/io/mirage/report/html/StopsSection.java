package io.mirage.report.html;

import io.mirage.run.CellStop;
import io.mirage.scenario.Condition;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/** Early stopping: which cells stopped sampling, when, and why. */
final class StopsSection {
    private StopsSection() {}

    static String html(ReportData data) {
        if (data.cellStops().isEmpty()) return "";
        StringBuilder sb = new StringBuilder("<section id=\"early-stopping\"><h2>Early stopping</h2><div class=\"scroll\"><table>")
                .append("<thead><tr><th>model</th><th>condition</th><th>decision</th><th class=\"num\">samples</th><th>why</th></tr></thead><tbody>");
        for (CellStop s : data.cellStops()) {
            sb.append("<tr data-cell-stop=\"").append(attr(s.model() + "|" + s.conditionId())).append("\"><td>").append(text(s.model()))
                    .append("</td><td>").append(text(Condition.shortId(s.conditionId()))).append("</td><td>").append(text(s.decision()))
                    .append("</td><td class=\"num\">").append(s.samples()).append("</td><td>").append(text(s.reason())).append("</td></tr>");
        }
        return sb.append("</tbody></table></div></section>").toString();
    }
}
