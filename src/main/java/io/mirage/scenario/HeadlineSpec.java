package io.mirage.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The conditions a pack puts forward for its headline figure: {@code headline}, the strongest pressure
 * (e.g. {@code goal=explicit, threat=replacement}), and {@code control}, the same world without it
 * (e.g. {@code goal=none, threat=none}). Each is a set of factor levels; a condition matches when it has
 * every one of them, and factors left out are pooled over. An empty map means the pack declares none,
 * and reports fall back to the rule in docs/scenario-packs.md.
 */
public record HeadlineSpec(Map<String, String> headline, Map<String, String> control) {
    /** A pack that declares neither. */
    public static final HeadlineSpec NONE = new HeadlineSpec(Map.of(), Map.of());

    public HeadlineSpec {
        headline = Collections.unmodifiableMap(new LinkedHashMap<>(headline == null ? Map.of() : headline));
        control = Collections.unmodifiableMap(new LinkedHashMap<>(control == null ? Map.of() : control));
    }

    /** True when a condition id has every level of {@code levels} (and {@code levels} is not empty). */
    public static boolean matches(Map<String, String> levels, String conditionId) {
        if (levels.isEmpty()) return false;
        Map<String, String> own = Condition.levelsOf(conditionId);
        return levels.entrySet().stream().allMatch(e -> e.getValue().equals(own.get(e.getKey())));
    }
}
