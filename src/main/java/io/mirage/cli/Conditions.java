package io.mirage.cli;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code --condition goal=explicit,threat=replacement|restriction} (repeatable). */
final class Conditions {
    private Conditions() {}

    static Map<String, Set<String>> parse(List<String> options) {
        Map<String, Set<String>> fixed = new LinkedHashMap<>();
        for (String option : options) {
            for (String pair : option.split(",")) {
                if (pair.isBlank()) continue;
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new UsageException("--condition: '" + pair + "' is not factor=level; write e.g. --condition goal=explicit,threat=none");
                }
                String factor = pair.substring(0, eq).strip();
                Set<String> levels = new LinkedHashSet<>(List.of(pair.substring(eq + 1).strip().split("\\|")));
                if (fixed.containsKey(factor)) {
                    throw new UsageException("--condition: factor '" + factor + "' is given twice; list its levels once, separated by |");
                }
                fixed.put(factor, levels);
            }
        }
        return fixed;
    }
}
