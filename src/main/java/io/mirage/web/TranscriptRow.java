package io.mirage.web;

import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Outcome;
import io.mirage.run.HumanLabel;
import io.mirage.run.StoredOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One stored rollout as the transcript list shows it: where it belongs, how it ended, every
 * source's verdict per behaviour and the latest human label per behaviour.
 */
record TranscriptRow(String runId, int index, String model, String conditionId, RolloutStatus status,
                     Map<String, Map<String, Outcome>> verdicts, Map<String, HumanLabel> labels) {

    /** The run's rollouts that have verdicts, in plan order, with their latest labels. */
    static List<TranscriptRow> of(String runId, List<StoredOutcome> outcomes, List<HumanLabel> labels) {
        Map<Integer, Map<String, HumanLabel>> latest = latestLabels(labels);
        Map<Integer, TranscriptRow> rows = new TreeMap<>();
        for (StoredOutcome o : outcomes) {
            TranscriptRow row = rows.computeIfAbsent(o.index(), i -> new TranscriptRow(runId, i, o.model(), o.conditionId(), o.status(),
                    new TreeMap<>(), latest.getOrDefault(i, Map.of())));
            row.verdicts().computeIfAbsent(o.source(), s -> new LinkedHashMap<>()).put(o.behaviour(), o.outcome());
        }
        return new ArrayList<>(rows.values());
    }

    static Map<Integer, Map<String, HumanLabel>> latestLabels(List<HumanLabel> labels) {
        Map<Integer, Map<String, HumanLabel>> by = new TreeMap<>();
        for (HumanLabel l : labels) {
            by.computeIfAbsent(l.index(), k -> new LinkedHashMap<>()).merge(l.behaviour(), l,
                    (a, b) -> b.labelledAt().isAfter(a.labelledAt()) ? b : a);
        }
        return by;
    }

    /** Behaviours with a verdict from any source, in first-seen order. */
    Set<String> behaviours() {
        Set<String> all = new LinkedHashSet<>();
        verdicts.values().forEach(m -> all.addAll(m.keySet()));
        return all;
    }

    /**
     * The answer of a source for a behaviour in lower case: yes, no or indeterminate for a verdict
     * source ("none" when it gave none); yes, no or unsure for {@code human} ("unlabelled" when none).
     */
    String answer(String source, String behaviour) {
        if (source.equals(TranscriptFilter.HUMAN)) {
            HumanLabel l = labels.get(behaviour);
            return l == null ? "unlabelled" : l.value().name().toLowerCase(Locale.ROOT);
        }
        Outcome o = verdicts.getOrDefault(source, Map.of()).get(behaviour);
        return o == null ? "none" : o.name().toLowerCase(Locale.ROOT);
    }
}
