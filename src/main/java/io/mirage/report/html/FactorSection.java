package io.mirage.report.html;

import io.mirage.report.ResultTable;
import io.mirage.run.RunSpec;

import java.util.List;

import static io.mirage.report.html.Html.text;

/**
 * Heatmaps of each behaviour's rate by two factors, for every verdict source and factor pair. The
 * script shows one at a time through the selectors; without it every heatmap is shown.
 */
final class FactorSection {
    private FactorSection() {}

    static String html(ReportData data) {
        Factors factors = Factors.of(data.spec().conditions());
        List<Factors.Pair> pairs = factors.pairs();
        StringBuilder sb = new StringBuilder("<section id=\"factors\"><h2>Rates by factor</h2>");
        if (pairs.isEmpty()) {
            return sb.append("<p>Every condition of this run has the same factor levels: there is nothing to compare.</p></section>").toString();
        }
        sb.append("<p class=\"muted\">Each square pools the model's cells whose condition has those two levels, over the other factors: ")
                .append("rate, k/n and (after +) the indeterminate count; hover for the 95% interval. Darker means more often.</p>");
        List<String> sources = data.sources();
        List<RunSpec.BehaviourRef> behaviours = data.spec().behaviours();
        sb.append("<form id=\"heat-controls\" class=\"controls\" hidden>");
        select(sb, "h-source", "verdicts", sources.stream().map(RatesSection::shortTitle).toList());
        select(sb, "h-behaviour", "behaviour", behaviours.stream().map(RunSpec.BehaviourRef::id).toList());
        select(sb, "h-pair", "factors", pairs.stream().map(Factors.Pair::label).toList());
        sb.append("</form>");
        for (int s = 0; s < sources.size(); s++) {
            ResultTable table = data.tables().get(sources.get(s));
            for (int b = 0; b < behaviours.size(); b++) {
                for (int p = 0; p < pairs.size(); p++) sb.append(FactorHeatmap.figure(table, factors, pairs.get(p), b, s, p));
            }
        }
        return sb.append("</section>").toString();
    }

    private static void select(StringBuilder sb, String id, String label, List<String> options) {
        sb.append("<label for=\"").append(id).append("\">").append(label).append("</label> <select id=\"").append(id).append("\">");
        for (int i = 0; i < options.size(); i++) {
            sb.append("<option value=\"").append(i).append("\">").append(text(options.get(i))).append("</option>");
        }
        sb.append("</select>");
    }
}
