package io.mirage.cli;

import io.mirage.report.figures.FigureFiles;
import io.mirage.report.html.ReportData;
import io.mirage.scenario.HeadlineSpec;
import io.mirage.run.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", description = {
        "Print a stored run's per-behaviour rates with 95%% intervals,",
        "or write them as a self-contained HTML report with charts and transcripts (--html FILE),",
        "and each chart as a standalone SVG figure (--figures DIR, with --png also as PNG)."})
final class ReportCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "RUN", description = "The run id, as listed by `mirage runs`.")
    String runId;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output.Format format;

    @Option(names = "--source", defaultValue = "detector", paramLabel = "SOURCE",
            description = "Verdicts to count: detector, judge:MODEL or combined:MODEL (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--split-by", paramLabel = "awareness", description = "Split every rate by the eval-awareness label (test, real, none).")
    String splitBy;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write the HTML report (every verdict source) to FILE; it opens offline. The table is then printed only if --format, --source or --split-by is given.")
    Path html;

    @Option(names = "--transcripts", paramLabel = "N", defaultValue = "" + ReportData.DEFAULT_TRANSCRIPTS,
            description = "Transcripts embedded in the HTML report (default: ${DEFAULT-VALUE}); `mirage serve` shows them all.")
    int transcripts;

    @Option(names = "--figures", paramLabel = "DIR",
            description = "Write each chart of the HTML report to DIR as a standalone SVG: headline.svg, rates-<behaviour>.svg, heatmap-<behaviour>-<factors>.svg (other verdict sources add .<source>).")
    Path figures;

    @Option(names = "--png", description = "With --figures, also write each figure as PNG at twice its size (rendered by Apache Batik).")
    boolean png;

    @Override
    public Integer call() {
        if (splitBy != null && !splitBy.equals("awareness")) throw new UsageException("--split-by takes 'awareness', not '" + splitBy + "'");
        if (transcripts < 0) throw new UsageException("--transcripts cannot be negative");
        if (html != null && Files.isDirectory(html)) {
            throw new UsageException("--html " + html + " is a folder; name a file, e.g. " + html.resolve("report.html"));
        }
        if (png && figures == null) throw new UsageException("--png needs --figures DIR: the PNGs are written beside the SVG figures");
        if (figures != null && Files.exists(figures) && !Files.isDirectory(figures)) {
            throw new UsageException("--figures " + figures + " is a file; name a folder, e.g. " + figures + "-figures");
        }
        try (RunStore store = workspace.openExistingStore()) {
            var parsed = command.commandLine().getParseResult();
            boolean table = (html == null && figures == null) || parsed.hasMatchedOption("--format") || parsed.hasMatchedOption("--source")
                    || parsed.hasMatchedOption("--split-by");
            if (table) Output.results(store, runId, format, source, splitBy != null, command.commandLine().getOut());
            if (html != null || figures != null) {
                if (store.run(runId).isEmpty()) throw new UsageException("no run '" + runId + "' in this workspace; `mirage runs` lists the runs");
            }
            HeadlineSpec declared = html != null || figures != null ? HtmlOutput.figures(workspace, store, runId) : HeadlineSpec.NONE;
            if (html != null) {
                try {
                    HtmlOutput.write(store, runId, html, transcripts, declared, command.commandLine().getErr());
                } catch (IOException e) {
                    throw new UsageException("cannot write " + html + ": " + e.getMessage());
                }
            }
            if (figures != null) writeFigures(store, declared);
        }
        return ExitCodes.OK;
    }

    private void writeFigures(RunStore store, HeadlineSpec declared) {
        PrintWriter err = command.commandLine().getErr();
        try {
            // The charts need no transcripts.
            List<Path> files = FigureFiles.write(ReportData.load(store, runId, 0).withFigures(declared), figures, png);
            err.printf("Figures: %d files in %s (headline.svg first)%n", files.size(), figures);
            err.flush();
        } catch (IOException e) {
            throw new UsageException("cannot write the figures to " + figures + ": " + e.getMessage());
        }
    }
}
