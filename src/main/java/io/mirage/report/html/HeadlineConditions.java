package io.mirage.report.html;

import io.mirage.scenario.Condition;
import io.mirage.scenario.HeadlineSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a run's conditions the headline figure shows: the pack's declared {@code headline} and
 * {@code control} ({@link HeadlineSpec}) where the run has them, else the documented rule (every factor at
 * its first level; the control sets each factor that has a level "none" to "none"). Reads condition ids
 * only, so it needs no pack.
 *
 * @param headline the strongest-pressure condition(s); never empty
 * @param control  the control condition(s), or null when the run has none distinct from the headline
 */
record HeadlineConditions(Choice headline, Choice control) {

    /**
     * One side of the figure.
     *
     * @param conditionIds the run's conditions it pools (one, unless the declaration leaves a factor out)
     * @param levels       what it is, as people read it: the declared levels, or the one condition's
     * @param note         how it was chosen when not simply as declared, else ""
     */
    record Choice(String role, List<String> conditionIds, String levels, String note) {
        Choice {
            conditionIds = List.copyOf(conditionIds);
        }
    }

    static HeadlineConditions of(List<String> conditionIds, HeadlineSpec declared) {
        Choice headline = declared(conditionIds, "headline", declared.headline());
        Choice control = declared(conditionIds, "control", declared.control());
        String fallbackHeadline = fallbackHeadline(conditionIds);
        if (headline == null) {
            headline = new Choice("headline", List.of(fallbackHeadline), Condition.shortId(fallbackHeadline),
                    fallbackNote("headline", declared.headline()));
        }
        if (control == null) {
            String fallback = fallbackControl(conditionIds, headline.conditionIds().getFirst());
            control = fallback == null || headline.conditionIds().contains(fallback) ? null
                    : new Choice("control", List.of(fallback), Condition.shortId(fallback), fallbackNote("control", declared.control()));
        }
        if (control != null && control.conditionIds().equals(headline.conditionIds())) control = null;
        return new HeadlineConditions(headline, control);
    }

    /** Both sides, control last when there is one. */
    List<Choice> choices() {
        return control == null ? List.of(headline) : List.of(headline, control);
    }

    private static Choice declared(List<String> conditionIds, String role, Map<String, String> levels) {
        List<String> matching = conditionIds.stream().filter(id -> HeadlineSpec.matches(levels, id)).toList();
        if (matching.isEmpty()) return null;
        String text = levelsText(levels);
        String note = matching.size() == 1 ? "" : "pooled over the run's " + matching.size() + " conditions with " + text;
        return new Choice(role, matching, matching.size() == 1 ? Condition.shortId(matching.getFirst()) : text, note);
    }

    private static String fallbackNote(String role, Map<String, String> declared) {
        // Empty also when the pack could not be read (e.g. `mirage serve`, or a pack since removed).
        return declared.isEmpty() ? "no " + role + " declared by the pack was available; chosen by the default rule"
                : "the pack's " + role + " (" + levelsText(declared) + ") is not in this run; chosen by the default rule";
    }

    /** Every factor at its first level in the run's order; else the run's first condition. */
    static String fallbackHeadline(List<String> conditionIds) {
        Factors factors = Factors.of(conditionIds);
        Map<String, String> first = new LinkedHashMap<>();
        factors.levels().forEach((f, levels) -> first.put(f, levels.getFirst()));
        return conditionIds.stream().filter(id -> Condition.levelsOf(id).equals(first)).findFirst().orElse(conditionIds.getFirst());
    }

    /** The headline with every factor that has a level "none" at "none"; null when the run has no such condition. */
    static String fallbackControl(List<String> conditionIds, String headlineId) {
        Factors factors = Factors.of(conditionIds);
        Map<String, String> wanted = new LinkedHashMap<>(Condition.levelsOf(headlineId));
        List<String> changed = new ArrayList<>();
        factors.levels().forEach((f, levels) -> {
            if (levels.contains("none") && wanted.containsKey(f)) {
                wanted.put(f, "none");
                changed.add(f);
            }
        });
        if (changed.isEmpty()) return null;
        return conditionIds.stream().filter(id -> Condition.levelsOf(id).equals(wanted)).findFirst().orElse(null);
    }

    private static String levelsText(Map<String, String> levels) {
        List<String> parts = new ArrayList<>();
        levels.forEach((f, l) -> parts.add(f + "=" + l));
        return String.join(",", parts);
    }
}
