package io.mirage.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One combination of factor levels. Its id is stable and readable, with factors in the pack's
 * declared order: {@code blackmail:goal=explicit,threat=replacement,prohibitions=off}.
 */
public record Condition(String scenario, Map<String, String> levels) {

    public Condition {
        levels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(levels));
    }

    public String id() {
        return scenario + ":" + levelsText();
    }

    public String levelsText() {
        return levels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    public String level(String factor) {
        return levels.get(factor);
    }

    @Override
    public String toString() {
        return id();
    }
}
