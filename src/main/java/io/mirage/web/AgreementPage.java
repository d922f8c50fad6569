package io.mirage.web;

import io.mirage.report.html.Html;
import io.mirage.run.HumanLabel;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.StoredOutcome;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Human labels of one run against the detector and judges: confusion counts and Cohen's kappa. */
final class AgreementPage {
    private AgreementPage() {}

    static Page render(RunStore store, String runId) {
        RunSummary run = store.run(runId).orElseThrow(() -> new NotFound("no run '" + runId + "' in this store"));
        List<StoredOutcome> outcomes = store.outcomes(runId);
        List<HumanLabel> labels = store.labels(runId);
        List<String> behaviours = run.spec().behaviours().stream().map(RunSpec.BehaviourRef::id).toList();
        List<Agreement> rows = Agreement.of(outcomes, labels, behaviours, RunPage.sources(outcomes));
        int labelled = TranscriptRow.latestLabels(labels).size();

        StringBuilder b = new StringBuilder("<h1>Human labels and agreement <span class=\"muted\">· run <a href=\"")
                .append(Html.attr(Links.run(runId))).append("\">").append(Html.text(runId)).append("</a></span></h1>");
        b.append("<p>").append(labelled).append(labelled == 1 ? " rollout" : " rollouts").append(" labelled by hand. <a href=\"")
                .append(Html.attr(Links.transcripts(Map.of("run", runId, "source", TranscriptFilter.HUMAN, "verdict", "unlabelled"))))
                .append("\">Label more</a>.</p>");
        b.append("<p class=\"muted\">Rows: the human label; columns: the source's verdict. Only rollouts with a human yes/no and a ")
                .append("source yes/no count; unsure labels and indeterminate verdicts are shown apart. κ is Cohen's kappa ")
                .append("(1 = perfect agreement, 0 = chance level; n/a when undefined, e.g. everyone said no).</p>");
        b.append("<table id=\"agreement\"><thead><tr><th>Behaviour</th><th>Source</th><th class=\"num\">human yes · source yes</th>")
                .append("<th class=\"num\">human yes · source no</th><th class=\"num\">human no · source yes</th>")
                .append("<th class=\"num\">human no · source no</th><th class=\"num\">n</th><th class=\"num\">Agreement</th>")
                .append("<th class=\"num\">κ</th><th class=\"num\">Unsure</th><th class=\"num\">Indeterminate</th></tr></thead><tbody>");
        for (Agreement a : rows) {
            var m = a.matrix();
            double kappa = m.total() == 0 ? Double.NaN : m.cohensKappa();
            b.append("<tr data-behaviour=\"").append(Html.attr(a.behaviour())).append("\" data-source=\"").append(Html.attr(a.source()))
                    .append("\"><td>").append(Html.text(a.behaviour())).append("</td><td>").append(Html.text(a.source())).append("</td>")
                    .append(num(m.yesYes())).append(num(m.yesNo())).append(num(m.noYes())).append(num(m.noNo())).append(num(m.total()))
                    .append("<td class=\"num\">").append(m.total() == 0 ? "–" : Format.percent(m.observedAgreement())).append("</td>")
                    .append("<td class=\"num kappa\">").append(Double.isNaN(kappa) ? "n/a" : String.format(Locale.ROOT, "%.2f", kappa)).append("</td>")
                    .append(num(a.unsure())).append(num(a.indeterminate())).append("</tr>");
        }
        b.append("</tbody></table>");
        return new Page("Agreement · " + runId, b.toString());
    }

    private static String num(int n) {
        return "<td class=\"num\">" + n + "</td>";
    }
}
