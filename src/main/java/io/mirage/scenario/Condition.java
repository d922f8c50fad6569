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

    /** The levels part of a condition id, as people read it: {@code goal=explicit,threat=none}. */
    public static String shortId(String id) {
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(colon + 1);
    }

    /** The factor levels a condition id names, in its order: the inverse of {@link #id()}, so reports need no pack. */
    public static Map<String, String> levelsOf(String id) {
        Map<String, String> levels = new LinkedHashMap<>();
        for (String pair : shortId(id).split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) levels.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return levels;
    }

    public String level(String factor) {
        return levels.get(factor);
    }

    @Override
    public String toString() {
        return id();
    }
}
