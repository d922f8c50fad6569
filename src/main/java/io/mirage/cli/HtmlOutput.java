package io.mirage.cli;

import io.mirage.report.html.HtmlReport;
import io.mirage.report.html.ReportData;
import io.mirage.run.RunStore;
import io.mirage.scenario.HeadlineSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** Writes a run's self-contained HTML report to a file and says where, on stderr. */
final class HtmlOutput {
    private HtmlOutput() {}

    /** Where run, resume and demo put the report: {@code <folder of the store>/reports/<run id>.html}. */
    static Path defaultPath(Workspace workspace, String runId) {
        return workspace.storeFolder().resolve("reports").resolve(runId.replaceAll("[^A-Za-z0-9._-]", "_") + ".html");
    }

    /** Renders and writes the report (replacing the file whole, never leaving half a file), then prints its path. */
    static void write(RunStore store, String runId, Path file, int transcripts, HeadlineSpec figures, PrintWriter err) throws IOException {
        long start = System.nanoTime();
        // Rendering a large run takes seconds: say so first, so a quiet terminal does not look stuck.
        err.println("Writing HTML report…");
        err.flush();
        ReportData data = ReportData.load(store, runId, transcripts).withFigures(figures);
        String html = HtmlReport.render(data);
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "HTML report: %s (%.1f MB, %d of %d transcripts%s), done in %.1f s%n", file, bytes.length / 1e6,
                data.transcripts().size(), data.storedRollouts(),
                data.omittedTranscripts() > 0 ? "; `mirage serve` shows all" : "", seconds);
        err.flush();
    }

    /**
     * The headline and control conditions the run's pack declares, read from the pack now (the store does not keep
     * them); none when the pack cannot be read, and the headline figure then says it used the default rule.
     */
    static HeadlineSpec figures(Workspace workspace, RunStore store, String runId) {
        try {
            return store.run(runId).map(run -> workspace.library().load(run.spec().scenario()).figures()).orElse(HeadlineSpec.NONE);
        } catch (RuntimeException e) {
            return HeadlineSpec.NONE;
        }
    }

    /** After a run: write the default report, and if that fails say so without failing the run. */
    static void afterRun(Workspace workspace, RunStore store, String runId, HtmlOptions options, PrintWriter err) {
        if (options.noHtml) return;
        Path file = defaultPath(workspace, runId);
        try {
            write(store, runId, file, options.transcripts, figures(workspace, store, runId), err);
        } catch (IOException | RuntimeException e) {
            err.println("warning: could not write the HTML report to " + file + ": " + e.getMessage()
                    + "; write it later with: mirage report " + runId + " --html FILE");
            err.flush();
        }
    }
}
