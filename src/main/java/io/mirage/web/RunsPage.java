package io.mirage.web;

import io.mirage.report.html.Html;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;

import java.util.List;

/** The front page: every run in the store, newest first, and a form to compare two of them. */
final class RunsPage {
    private RunsPage() {}

    static Page render(RunStore store) {
        List<RunSummary> runs = store.runs().reversed();
        StringBuilder b = new StringBuilder("<h1>Runs</h1>");
        if (runs.isEmpty()) {
            b.append("<p class=\"notice\">No runs in this store yet: try <code>mirage demo</code>.</p>");
            return new Page("Runs", b.toString());
        }
        b.append("<table><thead><tr><th>Run</th><th>Scenario</th><th>Created</th><th>Models</th><th class=\"num\">Planned</th>")
                .append("<th class=\"num\">Completed</th><th class=\"num\">Turn limit</th><th class=\"num\">Errors</th>")
                .append("<th class=\"num\">Not run</th><th>Cost</th><th></th></tr></thead><tbody>");
        for (RunSummary r : runs) {
            b.append("<tr><td><a href=\"").append(Html.attr(Links.run(r.id()))).append("\">").append(Html.text(r.id())).append("</a></td>")
                    .append("<td>").append(Html.text(r.spec().scenario())).append("</td>")
                    .append("<td>").append(Html.text(r.createdAt().toString())).append("</td>")
                    .append("<td>").append(Html.text(String.join(", ", r.spec().models()))).append("</td>")
                    .append(num(r.planned())).append(num(r.completed())).append(num(r.turnLimit())).append(num(r.errors()))
                    .append(num(r.pending() + r.skipped()))
                    .append("<td>").append(Html.text(Format.cost(r.costUsd()))).append("</td>")
                    .append("<td><a href=\"").append(Html.attr(Links.transcripts(java.util.Map.of("run", r.id()))))
                    .append("\">transcripts</a></td></tr>");
        }
        b.append("</tbody></table>");
        b.append("<h2>Compare two runs</h2>").append(compareForm(runs, "", ""));
        return new Page("Runs", b.toString());
    }

    /** Two run pickers that open the compare page (a GET form: no state changes). */
    static String compareForm(List<RunSummary> runs, String a, String b) {
        StringBuilder f = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"/compare\">");
        for (String side : List.of("a", "b")) {
            String chosen = side.equals("a") ? a : b;
            f.append("<label>Run ").append(side.toUpperCase()).append("<select name=\"").append(side).append("\">");
            for (RunSummary r : runs) {
                f.append("<option value=\"").append(Html.attr(r.id())).append("\"").append(r.id().equals(chosen) ? " selected" : "")
                        .append(">").append(Html.text(r.id())).append("</option>");
            }
            f.append("</select></label>");
        }
        return f.append("<button type=\"submit\">Compare</button></form>").toString();
    }

    private static String num(int n) {
        return "<td class=\"num\">" + n + "</td>";
    }
}
