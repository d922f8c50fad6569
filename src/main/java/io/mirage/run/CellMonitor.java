package io.mirage.run;

import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.stats.SequentialDecision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sequential test of one cell. Rollouts finish out of order, but the test must see its samples
 * in an order fixed in advance, so results wait until every earlier sample of the cell is in and
 * are then consumed by sample index. An indeterminate verdict is no observation: it neither counts
 * as "no" nor stops the cell.
 */
final class CellMonitor {
    private final String conditionId;
    private final String model;
    private final Map<Integer, Map<String, Outcome>> waiting = new HashMap<>();
    private final Map<String, SequentialDecision> tests = new LinkedHashMap<>();
    private final int samples;
    private int next;
    private CellStop stop;

    CellMonitor(String conditionId, String model, List<String> behaviours, EarlyStopping rule, int samples) {
        this.conditionId = conditionId;
        this.model = model;
        this.samples = samples;
        for (String b : behaviours) tests.put(b, SequentialDecision.start(rule.threshold(), rule.alpha(), samples));
    }

    /** Records a finished sample; returns the cell's stop the first time the cell is decided or exhausted. */
    synchronized CellStop record(int sample, List<Verdict> verdicts) {
        if (stop != null) return null;
        waiting.put(sample, verdicts.stream().filter(v -> v.source().equals(Verdict.DETECTOR))
                .collect(Collectors.toMap(Verdict::behaviour, Verdict::outcome, (a, b) -> a)));
        notifyAll();
        while (waiting.containsKey(next)) {
            Map<String, Outcome> outcomes = waiting.remove(next++);
            for (var e : tests.entrySet()) {
                Outcome o = outcomes.get(e.getKey());
                if (!e.getValue().done() && o != null && o != Outcome.INDETERMINATE) e.setValue(e.getValue().observe(o == Outcome.YES));
            }
            if (tests.values().stream().allMatch(SequentialDecision::done) || next == samples) {
                stop = new CellStop(conditionId, model, decision(), next, reason());
                return stop;
            }
        }
        return null;
    }

    /**
     * Waits until {@code sample} is within {@code window} samples of the first one not yet consumed,
     * so at most a window's worth of rollouts run past the point where the cell is decided.
     */
    synchronized void awaitWindow(int sample, int window, java.util.function.BooleanSupplier giveUp) throws InterruptedException {
        while (stop == null && sample >= next + window && !giveUp.getAsBoolean()) wait(100);
    }

    /** The cell stopped in an earlier session (before a resume). */
    synchronized void stoppedEarlier(CellStop earlier) {
        stop = earlier;
    }

    synchronized boolean stopped() {
        return stop != null;
    }

    private String decision() {
        List<String> parts = new ArrayList<>();
        tests.forEach((b, t) -> parts.add(t.decision() == SequentialDecision.Decision.UNDECIDED ? "undecided" : t.decision().name().toLowerCase()));
        return parts.stream().distinct().count() == 1 ? parts.getFirst() : "mixed";
    }

    private String reason() {
        return tests.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().reason()).collect(Collectors.joining("; "));
    }
}
