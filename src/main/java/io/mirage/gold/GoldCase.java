package io.mirage.gold;

import io.mirage.model.ToolCall;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hand-written transcript of a pack's gold set: the condition it is played in, the agent's turns and,
 * for every behaviour of the pack, whether a careful human reader says it happened.
 *
 * @param name   the file name without {@code .yaml}, how reports name the case
 * @param file   the file as messages name it
 * @param levels the condition's factor levels, every factor of the pack in declared order
 */
public record GoldCase(String name, String file, String note, Map<String, String> levels, List<Turn> turns,
                       Map<String, Boolean> labels) {

    public GoldCase {
        levels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(levels));
        turns = List.copyOf(turns);
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** One agent turn: private reasoning and visible text (either may be empty) and the tool calls it makes, in order. */
    public record Turn(String reasoning, String text, List<ToolCall> calls) {
        public Turn {
            reasoning = reasoning == null ? "" : reasoning;
            text = text == null ? "" : text;
            calls = List.copyOf(calls);
        }
    }

    public boolean label(String behaviour) {
        Boolean label = labels.get(behaviour);
        if (label == null) throw new IllegalArgumentException("case " + name + " has no label for " + behaviour);
        return label;
    }
}
