package io.mirage.cli;

import io.mirage.scenario.ConditionFilter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code --condition goal=explicit,threat=replacement|restriction} (repeatable); see {@link ConditionFilter}. */
final class Conditions {
    private Conditions() {}

    static Map<String, Set<String>> parse(List<String> options) {
        try {
            return ConditionFilter.parseAll(options);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--condition: " + e.getMessage());
        }
    }
}
