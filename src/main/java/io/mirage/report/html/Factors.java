package io.mirage.report.html;

import io.mirage.scenario.Condition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The factors and levels of a run's conditions, read from their ids
 * ({@code blackmail:goal=explicit,threat=replacement}) so a report needs no pack. Factors and levels
 * keep the order in which the run's conditions list them.
 */
record Factors(Map<String, List<String>> levels, Map<String, Map<String, String>> byCondition) {

    static Factors of(List<String> conditionIds) {
        Map<String, Set<String>> levels = new LinkedHashMap<>();
        Map<String, Map<String, String>> byCondition = new LinkedHashMap<>();
        for (String id : conditionIds) {
            Map<String, String> parsed = Condition.levelsOf(id);
            byCondition.put(id, parsed);
            parsed.forEach((f, l) -> levels.computeIfAbsent(f, k -> new LinkedHashSet<>()).add(l));
        }
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        levels.forEach((f, ls) -> ordered.put(f, List.copyOf(ls)));
        return new Factors(ordered, byCondition);
    }

    /** The factors that vary in this run (a factor fixed to one level says nothing in a heatmap). */
    List<String> varying() {
        return levels.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    /** The levels every condition shares (factors fixed to one level), in factor order. */
    Map<String, String> common() {
        Map<String, String> common = new LinkedHashMap<>();
        levels.forEach((f, ls) -> {
            if (ls.size() == 1) common.put(f, ls.getFirst());
        });
        return common;
    }

    /**
     * A condition as a row label: only the levels that tell the run's conditions apart, so long labels of four or
     * five factors shrink to what differs; the rest is said once by {@link #caption}. A run whose conditions all share
     * every level keeps the full levels.
     */
    String label(String conditionId) {
        Map<String, String> own = byCondition.getOrDefault(conditionId, Condition.levelsOf(conditionId));
        List<String> parts = new ArrayList<>();
        own.forEach((f, l) -> {
            if (!common().containsKey(f)) parts.add(f + "=" + l);
        });
        return parts.isEmpty() ? Condition.shortId(conditionId) : String.join(",", parts);
    }

    /** "All rows: goal=explicit, urgency=high" when some levels are shared and others differ; otherwise "". */
    String caption() {
        Map<String, String> common = common();
        if (common.isEmpty() || common.size() == levels.size()) return "";
        List<String> parts = new ArrayList<>();
        common.forEach((f, l) -> parts.add(f + "=" + l));
        return "All rows: " + String.join(", ", parts);
    }

    /** Row × column factor pairs for heatmaps; with one varying factor, that factor alone (column null). */
    List<Pair> pairs() {
        List<String> varying = varying();
        List<Pair> pairs = new ArrayList<>();
        if (varying.size() == 1) pairs.add(new Pair(varying.getFirst(), null));
        for (int i = 0; i < varying.size(); i++) {
            for (int j = i + 1; j < varying.size(); j++) pairs.add(new Pair(varying.get(i), varying.get(j)));
        }
        return pairs;
    }

    record Pair(String rows, String columns) {
        String label() {
            return columns == null ? rows : rows + " × " + columns;
        }
    }
}
