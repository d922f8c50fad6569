package io.mirage.cli;

import io.mirage.report.html.ReportData;
import picocli.CommandLine.Option;

/** The HTML report options of run, resume and demo, which write the report next to the store when they finish. */
final class HtmlOptions {
    @Option(names = "--no-html", description = "Do not write the HTML report (by default <store folder>/reports/<run id>.html).")
    boolean noHtml;

    @Option(names = "--transcripts", paramLabel = "N", defaultValue = "" + ReportData.DEFAULT_TRANSCRIPTS,
            description = "Transcripts embedded in the HTML report (default: ${DEFAULT-VALUE}); `mirage serve` shows them all.")
    int transcripts;

    void validate() {
        if (transcripts < 0) throw new UsageException("--transcripts cannot be negative");
    }
}
