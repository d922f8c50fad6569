package io.mirage.web;

import io.javalin.http.Context;
import io.mirage.report.html.Html;
import io.mirage.report.html.HtmlReport;
import io.mirage.report.html.ReportData;
import io.mirage.run.RunStore;

/**
 * The run's self-contained HTML report, exactly as `mirage report --html` writes it, sent with the
 * report's own policy (its one style and script allowed by hash) as the header, so header and meta agree.
 */
final class ReportRoute {
    private ReportRoute() {}

    static void serve(Context ctx, RunStore store, String runId) {
        if (store.run(runId).isEmpty()) throw new NotFound("no run '" + runId + "' in this store");
        String document = HtmlReport.render(ReportData.load(store, runId));
        ctx.header("Content-Security-Policy", Html.reportPolicy() + "; frame-ancestors 'none'");
        ctx.contentType("text/html; charset=utf-8").result(document);
    }
}
