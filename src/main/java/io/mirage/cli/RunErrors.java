package io.mirage.cli;

import io.mirage.agent.RolloutStatus;
import io.mirage.run.FinishedRollout;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A run whose every stored rollout errored measured nothing: it says why, grouped by error. */
final class RunErrors {
    static final int SHOWN = 3;
    private static final int MAX_MESSAGE = 240;

    private RunErrors() {}

    /** Whether rollouts were stored and every one of them ended in an error. */
    static boolean everyRolloutErrored(RunStore store, String runId) {
        RunSummary run = store.run(runId).orElseThrow();
        return run.errors() > 0 && run.completed() == 0 && run.turnLimit() == 0;
    }

    /** The distinct error messages, most frequent first (ties in order of first appearance), at most {@link #SHOWN}. */
    static String summary(RunStore store, String runId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int errors = 0;
        for (int index : store.finishedIndices(runId)) {
            Optional<FinishedRollout> finished = store.rollout(runId, index);
            if (finished.isEmpty() || finished.get().rollout().status() != RolloutStatus.ERROR) continue;
            errors++;
            counts.merge(shorten(finished.get().rollout().error()), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder("Every rollout of run " + runId + " ended in an error (" + errors
                + "), so nothing was measured. " + (counts.size() == 1 ? "The error:" : "The most frequent of " + counts.size() + " errors:")
                + System.lineSeparator());
        List<Map.Entry<String, Integer>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(SHOWN).toList();
        for (Map.Entry<String, Integer> e : sorted) {
            text.append(String.format(java.util.Locale.ROOT, "  %d× %s%n", e.getValue(), e.getKey()));
        }
        text.append("Fix the cause (base URL, model name, network), then run them again: mirage resume ").append(runId)
                .append(System.lineSeparator());
        return text.toString();
    }

    private static String shorten(String error) {
        String line = error == null || error.isBlank() ? "(no message)" : error.strip().replaceAll("\\s+", " ");
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
    }
}
