package io.mirage.web;

import io.javalin.http.Context;
import io.mirage.report.html.HtmlReport;
import io.mirage.report.html.ReportData;
import io.mirage.run.RunStore;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run's self-contained HTML report, exactly as `mirage report --html` writes it. Its own
 * policy (in a meta element at the top of its head, allowing its one script and style by hash) is
 * sent as the response header too, so both agree.
 */
final class ReportRoute {
    /** The report's first elements, written by our renderer before any text from the run. */
    private static final Pattern POLICY = Pattern.compile(
            "\\A<!DOCTYPE html>\\s*<html[^>]*><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"([^\"<>]*)\">");

    private ReportRoute() {}

    static void serve(Context ctx, RunStore store, String runId) {
        if (store.run(runId).isEmpty()) throw new NotFound("no run '" + runId + "' in this store");
        String document = HtmlReport.render(ReportData.load(store, runId));
        ctx.header("Content-Security-Policy", policy(document));
        ctx.contentType("text/html; charset=utf-8").result(document);
    }

    /** The report's own policy; without one, a policy under which nothing runs or loads. */
    static String policy(String document) {
        Matcher m = POLICY.matcher(document);
        String policy = m.find() ? m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&") : "default-src 'none'";
        return policy + "; frame-ancestors 'none'";
    }
}
