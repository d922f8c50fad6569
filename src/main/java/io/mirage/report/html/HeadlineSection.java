package io.mirage.report.html;

/** The report's first section: the headline figure ({@link HeadlineChart}). */
final class HeadlineSection {
    private HeadlineSection() {}

    static String html(ReportData data) {
        return "<section id=\"headline\"><h2>Headline</h2><figure class=\"headline\">" + HeadlineChart.svg(data)
                + "</figure><p class=\"muted\">Detector verdicts. The pack declares its headline and control conditions "
                + "(pack.yaml <code>headline:</code> and <code>control:</code>); the full rates follow below.</p></section>";
    }
}
