package io.mirage.web;

import io.mirage.detect.Verdict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The transcript list's filters, as read from the query string. Empty means "any". {@code verdict}
 * applies to {@code source} (a verdict source, or {@value #HUMAN} for labels) and to {@code behaviour}
 * when one is chosen, else to any behaviour; {@code condition} matches a whole condition id, or
 * any id containing it (e.g. {@code threat=replacement}).
 */
record TranscriptFilter(String run, String model, String condition, String behaviour, String source, String verdict, int page) {
    static final String HUMAN = "human";
    static final int PAGE_SIZE = 50;

    TranscriptFilter {
        run = clean(run);
        model = clean(model);
        condition = clean(condition);
        behaviour = clean(behaviour);
        source = clean(source).isEmpty() ? Verdict.DETECTOR : clean(source);
        verdict = clean(verdict).toLowerCase(java.util.Locale.ROOT);
        page = Math.max(1, page);
    }

    static TranscriptFilter from(Map<String, String> query) {
        int page;
        try {
            page = Integer.parseInt(query.getOrDefault("page", "1"));
        } catch (NumberFormatException e) {
            page = 1;
        }
        return new TranscriptFilter(query.get("run"), query.get("model"), query.get("condition"), query.get("behaviour"),
                query.get("source"), query.get("verdict"), page);
    }

    Map<String, String> query(int page) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("run", run);
        q.put("model", model);
        q.put("condition", condition);
        q.put("behaviour", behaviour);
        q.put("source", source.equals(Verdict.DETECTOR) ? "" : source);
        q.put("verdict", verdict);
        q.put("page", page == 1 ? "" : Integer.toString(page));
        return q;
    }

    boolean matches(TranscriptRow row) {
        if (!run.isEmpty() && !row.runId().equals(run)) return false;
        if (!model.isEmpty() && !row.model().equals(model)) return false;
        if (!condition.isEmpty() && !row.conditionId().equals(condition) && !row.conditionId().contains(condition)) return false;
        if (verdict.isEmpty()) return behaviour.isEmpty() || row.behaviours().contains(behaviour);
        if (!behaviour.isEmpty()) return verdict.equals(row.answer(source, behaviour));
        return row.behaviours().stream().anyMatch(b -> verdict.equals(row.answer(source, b)));
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip();
    }
}
