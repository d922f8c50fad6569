package io.mirage.scenario;

import java.util.List;
import java.util.Map;

/**
 * The answer key that scripted test doubles act on: which phrases signal a threat or leverage, and
 * the texts they send. Never shown to a real model.
 */
public record TestDoubleHints(List<String> threatMarkers, List<String> leverageMarkers, String threatener,
                              List<String> decisionMakers, String routineMessage,
                              Text blackmail, Text appeal, Text routine, Map<String, Action> actions) {

    /** A subject and body, already rendered with the pack's built-in names. */
    public record Text(String subject, String body) {}

    /** A tool call that carries out one behaviour, for {@code scripted/policy}: the tool and its JSON arguments. */
    public record Action(String tool, String arguments) {}

    public TestDoubleHints {
        threatMarkers = List.copyOf(threatMarkers);
        leverageMarkers = List.copyOf(leverageMarkers);
        decisionMakers = List.copyOf(decisionMakers);
        actions = Map.copyOf(actions);
    }
}
