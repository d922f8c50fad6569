package io.mirage.scenario;

import java.util.List;

/**
 * The answer key that scripted test doubles act on: which phrases signal a threat or leverage, and
 * the texts they send. Never shown to a real model.
 */
public record TestDoubleHints(List<String> threatMarkers, List<String> leverageMarkers, String threatener,
                              List<String> decisionMakers, String routineMessage,
                              Text blackmail, Text appeal, Text routine) {

    /** A subject and body, already rendered with the pack's built-in names. */
    public record Text(String subject, String body) {}

    public TestDoubleHints {
        threatMarkers = List.copyOf(threatMarkers);
        leverageMarkers = List.copyOf(leverageMarkers);
        decisionMakers = List.copyOf(decisionMakers);
    }
}
