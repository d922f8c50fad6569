package io.mirage.report.html;

import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Verdict;
import io.mirage.report.LivingResults;
import io.mirage.report.ResultTable;
import io.mirage.run.FirstEvidence;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.CellStop;
import io.mirage.run.FinishedRollout;
import io.mirage.run.HumanLabel;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.StoredOutcome;
import io.mirage.scenario.HeadlineSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Everything a report of one run shows, read from the store once so rendering is pure: the run and
 * its plan, every stored verdict, one {@link ResultTable} per verdict source (detector first), the
 * rollouts whose transcripts are embedded, the error messages of indeterminate rollouts, human labels,
 * eval-awareness labels and early-stopping decisions.
 *
 * @param transcripts   the rollouts loaded in full, by index; a single-file report holds at most its limit
 * @param errors        the error message of errored rollouts (in a whole-run load, up to {@link #ERROR_DETAIL_LIMIT} of them)
 * @param storedRollouts how many rollouts of the run are stored (any status)
 * @param figures       the pack's headline and control conditions ({@link HeadlineSpec#NONE} until {@link #withFigures} sets them:
 *                      the store does not keep them, so the caller reads them from the pack)
 * @param living        per verdict source, the follow-through rates, time to act and order of acts (time and order only in a
 *                      whole-run load, which reads every rollout's evidence)
 */
public record ReportData(RunSummary run, List<StoredOutcome> outcomes, Map<String, ResultTable> tables,
                         Map<Integer, FinishedRollout> transcripts, Map<Integer, String> errors, int storedRollouts,
                         List<HumanLabel> labels, List<AwarenessVerdict> awareness, List<CellStop> cellStops,
                         Instant generatedAt, HeadlineSpec figures, Map<String, LivingResults> living) {
    /** How many transcripts a single-file report embeds by default. */
    public static final int DEFAULT_TRANSCRIPTS = 300;
    /** How many errored rollouts are read back to group indeterminate results by their error message. */
    public static final int ERROR_DETAIL_LIMIT = 2_000;

    public ReportData {
        outcomes = List.copyOf(outcomes);
        tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        transcripts = java.util.Collections.unmodifiableMap(new TreeMap<>(transcripts));
        errors = java.util.Collections.unmodifiableMap(new TreeMap<>(errors));
        labels = List.copyOf(labels);
        awareness = List.copyOf(awareness);
        cellStops = List.copyOf(cellStops);
        figures = figures == null ? HeadlineSpec.NONE : figures;
        living = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(living == null ? Map.of() : living));
    }

    /** This data with the pack's headline and control conditions, which the headline figure shows. */
    public ReportData withFigures(HeadlineSpec spec) {
        return new ReportData(run, outcomes, tables, transcripts, errors, storedRollouts, labels, awareness, cellStops, generatedAt, spec, living);
    }

    /** The run with up to {@link #DEFAULT_TRANSCRIPTS} transcripts, chosen as {@link TranscriptSelection} says. */
    public static ReportData load(RunStore store, String runId) {
        return load(store, runId, DEFAULT_TRANSCRIPTS);
    }

    /** The run with up to {@code transcriptLimit} embedded transcripts (0 for none). */
    public static ReportData load(RunStore store, String runId, int transcriptLimit) {
        if (transcriptLimit < 0) throw new IllegalArgumentException("the transcript limit cannot be negative");
        RunSummary run = runOf(store, runId);
        List<StoredOutcome> outcomes = store.outcomes(runId);
        Set<String> harmful = run.spec().behaviours().stream().filter(RunSpec.BehaviourRef::harmful)
                .map(RunSpec.BehaviourRef::id).collect(Collectors.toSet());
        return load(store, run, outcomes, TranscriptSelection.choose(outcomes, harmful, transcriptLimit), true);
    }

    /**
     * The run with exactly the given rollouts loaded in full (those stored), e.g. for one transcript page.
     * Only these rollouts' error messages are read, so this stays cheap on large runs.
     */
    public static ReportData load(RunStore store, String runId, Collection<Integer> rolloutIndexes) {
        RunSummary run = runOf(store, runId);
        return load(store, run, store.outcomes(runId), new TreeSet<>(rolloutIndexes), false);
    }

    private static ReportData load(RunStore store, RunSummary run, List<StoredOutcome> outcomes, Set<Integer> chosen, boolean allErrors) {
        String runId = run.id();
        Map<Integer, FinishedRollout> transcripts = new TreeMap<>();
        for (int index : chosen) store.rollout(runId, index).ifPresent(f -> transcripts.put(index, f));
        Map<Integer, String> errors = new TreeMap<>();
        Set<Integer> errored = new TreeSet<>();
        for (StoredOutcome o : outcomes) if (o.status() == RolloutStatus.ERROR) errored.add(o.index());
        int looked = 0;
        for (int index : errored) {
            FinishedRollout f = transcripts.get(index);
            if (f == null) {
                if (!allErrors || looked++ >= ERROR_DETAIL_LIMIT) continue;
                f = store.rollout(runId, index).orElse(null);
            }
            if (f != null && f.rollout().error() != null) errors.put(index, f.rollout().error());
        }
        Map<String, ResultTable> tables = new LinkedHashMap<>();
        List<CellStop> stops = store.cellStops(runId);
        for (String source : sources(outcomes)) tables.put(source, ResultTable.of(run.spec(), outcomes, stops, source));
        // Follow-through, time to act and order of acts cover the whole run, so only a whole-run load reads every rollout's evidence.
        List<FirstEvidence> evidence = allErrors && !outcomes.isEmpty() ? store.firstEvidence(runId) : List.of();
        Map<String, LivingResults> living = new LinkedHashMap<>();
        for (String source : tables.keySet()) living.put(source, LivingResults.of(run.spec(), outcomes, evidence, source));
        int stored = (int) outcomes.stream().mapToInt(StoredOutcome::index).distinct().count();
        return new ReportData(run, outcomes, tables, transcripts, errors, stored, store.labels(runId), store.awareness(runId),
                stops, Instant.now(), HeadlineSpec.NONE, living);
    }

    private static RunSummary runOf(RunStore store, String runId) {
        return store.run(runId).orElseThrow(() -> new IllegalArgumentException(
                "no run '" + runId + "' in this workspace; `mirage runs` lists the runs"));
    }

    /** Verdict sources in report order: the detector, then judges, then combined verdicts, then anything else. */
    static List<String> sources(Collection<StoredOutcome> outcomes) {
        Set<String> all = new TreeSet<>();
        outcomes.forEach(o -> all.add(o.source()));
        all.add(Verdict.DETECTOR);
        return all.stream().sorted(Comparator.comparingInt(ReportData::sourceRank).thenComparing(s -> s)).toList();
    }

    private static int sourceRank(String source) {
        if (source.equals(Verdict.DETECTOR)) return 0;
        if (source.startsWith(Verdict.JUDGE_PREFIX)) return 1;
        if (source.startsWith(Verdict.COMBINED_PREFIX)) return 2;
        return 3;
    }

    public RunSpec spec() {
        return run.spec();
    }

    /** The verdict sources, detector first. */
    public List<String> sources() {
        return List.copyOf(tables.keySet());
    }

    /** Judge models whose verdicts are stored (from {@code judge:<model>} and {@code combined:<model>} sources). */
    public List<String> judges() {
        Set<String> judges = new LinkedHashSet<>();
        for (String s : tables.keySet()) {
            if (s.startsWith(Verdict.JUDGE_PREFIX)) judges.add(s.substring(Verdict.JUDGE_PREFIX.length()));
            else if (s.startsWith(Verdict.COMBINED_PREFIX)) judges.add(s.substring(Verdict.COMBINED_PREFIX.length()));
        }
        return List.copyOf(judges);
    }

    /** Stored rollouts whose transcripts are not in this data (a single-file report says so). */
    public int omittedTranscripts() {
        return storedRollouts - transcripts.size();
    }

    /** Each stored rollout's verdicts, by index then in stored order. */
    Map<Integer, List<StoredOutcome>> outcomesByRollout() {
        Map<Integer, List<StoredOutcome>> by = new TreeMap<>();
        for (StoredOutcome o : outcomes) by.computeIfAbsent(o.index(), k -> new ArrayList<>()).add(o);
        return by;
    }

    /** The latest human label of each rollout and behaviour. */
    Map<Integer, Map<String, HumanLabel>> labelsByRollout() {
        Map<Integer, Map<String, HumanLabel>> by = new TreeMap<>();
        for (HumanLabel l : labels) {
            by.computeIfAbsent(l.index(), k -> new LinkedHashMap<>()).merge(l.behaviour(), l,
                    (a, b) -> b.labelledAt().isAfter(a.labelledAt()) ? b : a);
        }
        return by;
    }
}
