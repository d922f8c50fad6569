package io.mirage.report.html;

import io.mirage.report.TableFormat;
import io.mirage.scenario.Canary;

import static io.mirage.report.html.Html.text;

/**
 * A run's report as one self-contained HTML document: it loads nothing (no CDN, no fonts, no
 * images), carries its own style and one small script, and a Content-Security-Policy that lets only
 * those two run, so text from a model can never act as markup or code in it.
 */
public final class HtmlReport {
    private HtmlReport() {}

    public static String render(ReportData data) {
        String runId = data.run().id();
        StringBuilder sb = new StringBuilder(1 << 20);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        // First in <head>, so it governs everything after it.
        sb.append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(Html.attr(Html.reportPolicy())).append("\">");
        sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"color-scheme\" content=\"light dark\">")
                .append("<meta name=\"generator\" content=\"Mirage\">")
                .append("<meta name=\"mirage-canary\" content=\"").append(Canary.GUID).append("\">")
                .append("<title>Mirage report — ").append(text(runId)).append("</title>")
                .append("<style>").append(Html.STYLE).append("</style></head><body data-run=\"").append(Html.attr(runId)).append("\">");
        sb.append("<header><h1>Mirage report</h1><p>Run <code>").append(text(runId)).append("</code> · scenario ")
                .append(text(data.spec().scenario())).append("</p>");
        if (data.spec().models().stream().anyMatch(m -> m.startsWith("scripted/"))) {
            sb.append("<p class=\"note\">scripted/* models are test doubles: their rates say nothing about any real model.</p>");
        }
        sb.append("</header>");
        nav(sb, data);
        sb.append(HeadlineSection.html(data));
        sb.append(PlanSection.html(data));
        sb.append(RatesSection.html(data));
        sb.append(FactorSection.html(data));
        sb.append(FollowThroughSection.html(data));
        sb.append(IndeterminateSection.html(data));
        sb.append(StopsSection.html(data));
        sb.append(AgreementSection.html(data));
        sb.append(AwarenessSection.html(data));
        sb.append(TranscriptList.html(data));
        sb.append("<footer><p>").append(text(TableFormat.DENOMINATOR_NOTE)).append("</p><p>Canary ").append(Canary.GUID)
                .append(" (Mirage evaluation data: keep out of training corpora). Generated ").append(text(String.valueOf(data.generatedAt())))
                .append(" by Mirage.</p></footer>");
        sb.append("<script>").append(Html.SCRIPT).append("</script></body></html>\n");
        return sb.toString();
    }

    private static void nav(StringBuilder sb, ReportData data) {
        sb.append("<nav class=\"toc\"><a href=\"#headline\">Headline</a><a href=\"#plan\">Plan</a>");
        for (int s = 0; s < data.sources().size(); s++) {
            sb.append("<a href=\"#rates-").append(s).append("\">Rates: ").append(text(RatesSection.shortTitle(data.sources().get(s)))).append("</a>");
        }
        sb.append("<a href=\"#factors\">By factor</a>");
        if (FollowThroughSection.shown(data)) sb.append("<a href=\"#follow-through\">Follow-through</a>");
        sb.append("<a href=\"#indeterminate\">Indeterminate</a>");
        if (!data.cellStops().isEmpty()) sb.append("<a href=\"#early-stopping\">Early stopping</a>");
        if (!data.labels().isEmpty() || data.judges().stream().anyMatch(j -> data.sources().contains("judge:" + j))) {
            sb.append("<a href=\"#agreement\">Agreement</a>");
        }
        if (!data.awareness().isEmpty()) sb.append("<a href=\"#awareness\">Eval awareness</a>");
        sb.append("<a href=\"#transcripts\">Transcripts</a></nav>");
    }
}
