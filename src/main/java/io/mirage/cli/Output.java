package io.mirage.cli;

import io.mirage.detect.Verdict;
import io.mirage.judge.Awareness;
import io.mirage.report.Agreement;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.CellStop;
import io.mirage.run.StoredOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.mirage.report.LivingResults;
import io.mirage.report.ResultTable;
import io.mirage.run.FirstEvidence;
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
        results(store, runId, format, Verdict.DETECTOR, false, out);
    }

    /**
     * Prints the table of one verdict source; split by eval awareness, one table per label. After a
     * text table, the agreement of the detectors with every judge.
     */
    static void results(RunStore store, String runId, Format format, String source, boolean byAwareness, PrintWriter out) {
        RunSummary run = store.run(runId).orElseThrow(() -> new UsageException(
                "no run '" + runId + "' in this workspace; `mirage runs` lists the runs"));
        List<StoredOutcome> outcomes = store.outcomes(runId);
        Set<String> sources = new TreeSet<>();
        outcomes.forEach(o -> sources.add(o.source()));
        if (!outcomes.isEmpty() && !sources.contains(source)) {
            throw new UsageException("run " + runId + " has no verdicts from '" + source + "'; it has: " + String.join(", ", sources));
        }
        List<CellStop> stops = store.cellStops(runId);
        List<Table> tables = byAwareness ? byAwareness(run, outcomes, stops, source, store.awareness(runId))
                : List.of(new Table("", "", ResultTable.of(run.spec(), outcomes, stops, source), i -> true));
        List<FirstEvidence> evidence = outcomes.isEmpty() ? List.of() : store.firstEvidence(runId);
        for (Table t : tables) {
            LivingResults living = LivingResults.of(run.spec(), outcomes, evidence, source, t.include());
            switch (format) {
                case csv -> out.print(byAwareness ? withColumn(TableFormat.csv(t.table(), living), "awareness", t.label(), t == tables.getFirst())
                        : TableFormat.csv(t.table(), living));
                case json -> out.print(!byAwareness ? TableFormat.json(t.table(), living)
                        : (t == tables.getFirst() ? "{\"by_awareness\": {\n" : ",\n") + "\"" + t.label() + "\": " + TableFormat.json(t.table(), living).strip()
                        + (t == tables.getLast() ? "\n}}\n" : ""));
                case text -> {
                    if (t == tables.getFirst()) {
                        out.println(summary(run));
                        io.mirage.run.StakeholderSpend spend = store.stakeholderSpend(runId);
                        if (spend.rollouts() > 0) out.println(stakeholders(spend));
                        if (run.spec().models().stream().anyMatch(m -> m.startsWith("scripted/"))) {
                            out.println("Note: scripted/* models are test doubles; their rates say nothing about any real model.");
                        }
                        out.println("Verdicts: " + source + (sources.size() > 1 ? "  (also stored: "
                                + String.join(", ", sources.stream().filter(x -> !x.equals(source)).toList()) + "; choose with --source)" : ""));
                    }
                    if (!t.title().isEmpty()) out.println("\n== " + t.title() + " ==");
                    out.print(TableFormat.text(t.table(), living));
                }
            }
        }
        if (format == Format.text) {
            for (String judge : sources.stream().filter(x -> x.startsWith(Verdict.JUDGE_PREFIX)).toList()) {
                out.print(Agreement.text(Agreement.between(outcomes, Verdict.DETECTOR, judge)));
            }
            if (!stops.isEmpty()) {
                out.println();
                out.println("Early stopping: why each of " + stops.size() + " cells stopped (decided, or undecided at the cap):");
                stops.forEach(s -> out.printf(Locale.ROOT, "  %s | %s: %s after %d samples — %s%n", s.model(), s.conditionId(),
                        s.decision(), s.samples(), s.reason()));
            }
        }
        out.flush();
    }

    /** A table to print, with its title and (when split by awareness) the label it holds. */
    private record Table(String title, String label, ResultTable table, java.util.function.IntPredicate include) {}

    /** CSV rows with one more column; the header only when asked, so split tables make one CSV. */
    private static String withColumn(String csv, String column, String value, boolean header) {
        StringBuilder sb = new StringBuilder();
        List<String> lines = csv.lines().toList();
        if (header) sb.append(lines.getFirst()).append(',').append(column).append('\n');
        lines.stream().skip(1).forEach(line -> sb.append(line).append(',').append(value).append('\n'));
        return sb.toString();
    }

    private static List<Table> byAwareness(RunSummary run, List<StoredOutcome> outcomes, List<CellStop> stops, String source,
                                           List<AwarenessVerdict> labels) {
        if (labels.isEmpty()) {
            throw new UsageException("run " + run.id() + " has no eval-awareness labels yet; judge it first: mirage judge " + run.id()
                    + " --judge-model MODEL");
        }
        String judge = labels.getFirst().judge();
        Map<Integer, Awareness> byIndex = new HashMap<>();
        labels.stream().filter(a -> a.judge().equals(judge)).forEach(a -> byIndex.put(a.index(), a.label()));
        List<Table> tables = new ArrayList<>();
        for (Awareness label : Awareness.values()) {
            long count = byIndex.values().stream().filter(l -> l == label).count();
            if (count == 0) continue;
            String name = label.name().toLowerCase(Locale.ROOT);
            java.util.function.IntPredicate include = i -> byIndex.get(i) == label;
            tables.add(new Table("eval awareness: " + name + " (" + count + " rollouts, labelled by " + judge + ")", name,
                    ResultTable.of(run.spec(), outcomes, stops, source, include, 0), include));
        }
        return tables;
    }

    /** What model-played stakeholders used, apart from the agent's usage and cost (which the summary line gives). */
    static String stakeholders(io.mirage.run.StakeholderSpend spend) {
        return String.format(Locale.ROOT, "stakeholders (model-played, not in the cost above): %d rollouts, %,d input and %,d output tokens; %s",
                spend.rollouts(), spend.inputTokens(), spend.outputTokens(), spend.costUsd() == null
                        ? "cost unknown (no prices for the stakeholder model)" : String.format(Locale.ROOT, "cost $%.4f", spend.costUsd()));
    }

    static String summary(RunSummary run) {
        return String.format(Locale.ROOT,
                "run %s  scenario %s (pack %s)  %d planned: %d completed, %d turn limit, %d errors, %d not run%s; %d model-call retries%s",
                run.id(), run.spec().scenario(), run.spec().packHash(), run.planned(), run.completed(), run.turnLimit(),
                run.errors(), run.pending(), run.skipped() == 0 ? "" : ", " + run.skipped() + " skipped by early stopping", run.retries(),
                run.costUsd() == null ? "" : String.format(Locale.ROOT, "; cost $%.4f", run.costUsd()));
    }
}
