package io.mirage.scenario;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one reading of a condition filter written as text, {@code goal=explicit,threat=replacement|restriction}, for
 * the {@code --condition} flag and experiment files alike. Every piece must be factor=level: an empty piece
 * ({@code ",,,"}) or an empty level ({@code goal=explicit|}) is refused, because reading it as "no filter" or as
 * fewer levels would silently run other conditions than the ones written.
 */
public final class ConditionFilter {
    private ConditionFilter() {}

    /** The factors and their allowed levels; an {@link Invalid} says what is wrong with {@code text}. */
    public static Map<String, Set<String>> parse(String text) {
        Map<String, Set<String>> filter = new LinkedHashMap<>();
        if (text.isBlank()) throw new Invalid("the filter is empty", "write factor=level pairs, e.g. goal=explicit,threat=none");
        for (String pair : text.split(",", -1)) {
            if (pair.isBlank()) {
                throw new Invalid("'" + text + "' has an empty piece between commas", "write factor=level pairs separated by single commas");
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1 || pair.substring(0, eq).isBlank()) {
                throw new Invalid("'" + pair.strip() + "' is not factor=level", "write e.g. goal=explicit,threat=replacement|restriction");
            }
            String factor = pair.substring(0, eq).strip();
            Set<String> levels = new LinkedHashSet<>();
            for (String level : pair.substring(eq + 1).split("\\|", -1)) {
                if (level.isBlank()) {
                    throw new Invalid("'" + pair.strip() + "' has an empty level", "separate levels with single '|', e.g. " + factor + "=a|b");
                }
                levels.add(level.strip());
            }
            if (filter.containsKey(factor)) {
                throw new Invalid("factor '" + factor + "' is given twice", "list its levels once, separated by |");
            }
            filter.put(factor, levels);
        }
        return filter;
    }

    /** Several filters (the repeated flag) as one: each names different factors. */
    public static Map<String, Set<String>> parseAll(List<String> texts) {
        Map<String, Set<String>> all = new LinkedHashMap<>();
        for (String text : texts) {
            for (Map.Entry<String, Set<String>> e : parse(text).entrySet()) {
                if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
                    throw new Invalid("factor '" + e.getKey() + "' is given twice", "list its levels once, separated by |");
                }
            }
        }
        return all;
    }

    /** What is wrong with a filter, and what to write instead. */
    public static final class Invalid extends IllegalArgumentException {
        private final String problem;
        private final String fix;

        Invalid(String problem, String fix) {
            super(problem + "; " + fix);
            this.problem = problem;
            this.fix = fix;
        }

        public String problem() {
            return problem;
        }

        public String fix() {
            return fix;
        }
    }
}
