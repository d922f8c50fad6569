package io.mirage.web;

import io.mirage.report.Agreement;
import io.mirage.report.html.Html;
import io.mirage.run.HumanLabel;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.StoredOutcome;
import io.mirage.stats.ConfusionMatrix;
import io.mirage.stats.KappaEstimate;

import java.util.List;
import java.util.Map;

/**
 * Human labels of one run against each verdict source (detector, judges, combined), per behaviour:
 * the four counts, observed agreement, Cohen's kappa and PABAK with their 95% intervals, from the same
 * {@link Agreement} the report uses.
 */
final class AgreementPage {
    private AgreementPage() {}

    static Page render(RunStore store, String runId) {
        RunSummary run = store.run(runId).orElseThrow(() -> new NotFound("no run '" + runId + "' in this store"));
        List<StoredOutcome> outcomes = store.outcomes(runId);
        List<HumanLabel> labels = store.labels(runId);
        List<StoredOutcome> withHuman = HumanVerdicts.withLabels(outcomes, labels);
        int labelled = TranscriptRow.latestLabels(labels).size();

        StringBuilder b = new StringBuilder("<h1>Human labels and agreement <span class=\"muted\">· run <a href=\"")
                .append(Html.attr(Links.run(run.id()))).append("\">").append(Html.text(run.id())).append("</a></span></h1>");
        b.append("<p>").append(labelled).append(labelled == 1 ? " rollout" : " rollouts").append(" labelled by hand. <a href=\"")
                .append(Html.attr(Links.transcripts(Map.of("run", runId, "source", TranscriptFilter.HUMAN, "verdict", "unlabelled"))))
                .append("\">Label more</a>.</p>");
        b.append("<p class=\"muted\">A is the human label, B the source's verdict, over the rollouts both decided (yes or no); unsure ")
                .append("labels and indeterminate verdicts are counted as undecided. ").append(Html.text(Agreement.NOTE)).append("</p>");
        b.append("<table id=\"agreement\"><thead><tr><th>Behaviour</th><th>Source (B)</th><th class=\"num\">both yes</th>")
                .append("<th class=\"num\">human only</th><th class=\"num\">source only</th><th class=\"num\">both no</th>")
                .append("<th class=\"num\">Agreement</th><th class=\"num\">κ [95% CI]</th><th class=\"num\">PABAK [95% CI]</th>")
                .append("<th class=\"num\">Undecided</th></tr></thead><tbody>");
        boolean any = false;
        for (String source : RunPage.sources(outcomes)) {
            for (Agreement a : Agreement.between(withHuman, HumanVerdicts.SOURCE, source)) {
                any = true;
                ConfusionMatrix m = a.matrix();
                b.append("<tr data-behaviour=\"").append(Html.attr(a.behaviour())).append("\" data-source=\"").append(Html.attr(source))
                        .append("\"><td>").append(Html.text(a.behaviour())).append("</td><td>").append(Html.text(source)).append("</td>")
                        .append(num(m.yesYes())).append(num(m.yesNo())).append(num(m.noYes())).append(num(m.noNo()))
                        .append("<td class=\"num\">").append(m.total() == 0 ? "undefined" : Format.percent(m.observedAgreement())).append("</td>")
                        .append(kappa(m)).append("<td class=\"num pabak\">").append(Agreement.pabakText(m)).append("</td>")
                        .append(num(a.undecided())).append("</tr>");
            }
        }
        b.append("</tbody></table>");
        if (!any) b.append("<p class=\"notice\">No rollout of this run is labelled yet.</p>");
        return new Page("Agreement · " + runId, b.toString());
    }

    /** The kappa cell; where it has no interval, the reason is its tooltip. */
    static String kappa(ConfusionMatrix m) {
        KappaEstimate k = m.kappa(0.95);
        String title = k.interval() == null ? " title=\"" + Html.attr(k.noInterval()) + "\"" : "";
        return "<td class=\"num kappa\"" + title + ">" + Html.text(Agreement.kappaText(k)) + "</td>";
    }

    private static String num(int n) {
        return "<td class=\"num\">" + n + "</td>";
    }
}
