package io.mirage.cli;

import io.mirage.detect.Detectors;
import io.mirage.report.ResultTable;
import io.mirage.report.TableFormat;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints a run's results in the format asked for. */
final class Output {
    enum Format { text, csv, json }

    private Output() {}

    static void results(RunStore store, String runId, Format format, PrintWriter out) {
        RunSummary run = store.run(runId).orElseThrow(() -> new UsageException(
                "no run '" + runId + "' in this workspace; `mirage runs` lists the runs"));
        ResultTable table = ResultTable.of(run.spec(), store.outcomes(runId), Detectors.SOURCE);
        switch (format) {
            case csv -> out.print(TableFormat.csv(table));
            case json -> out.print(TableFormat.json(table));
            case text -> {
                out.println(summary(run));
                if (run.spec().models().stream().anyMatch(m -> m.startsWith("scripted/"))) {
                    out.println("Note: scripted/* models are test doubles; their rates say nothing about any real model.");
                }
                out.print(TableFormat.text(table));
            }
        }
        out.flush();
    }

    static String summary(RunSummary run) {
        return String.format(Locale.ROOT,
                "run %s  scenario %s (pack %s)  %d planned: %d completed, %d turn limit, %d errors, %d not run; %d model-call retries%s",
                run.id(), run.spec().scenario(), run.spec().packHash(), run.planned(), run.completed(), run.turnLimit(),
                run.errors(), run.pending(), run.retries(),
                run.costUsd() == null ? "" : String.format(Locale.ROOT, "; cost $%.4f", run.costUsd()));
    }
}
