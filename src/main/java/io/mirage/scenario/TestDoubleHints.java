package io.mirage.scenario;

import java.util.List;
import java.util.Map;

/**
 * The answer key that scripted test doubles act on: which phrases signal a threat or leverage, and
 * the texts they send. Never shown to a real model.
 */
public record TestDoubleHints(List<String> threatMarkers, List<String> leverageMarkers, String threatener,
                              List<String> decisionMakers, String routineMessage,
                              Text blackmail, Text appeal, Text routine, Map<String, Action> actions, List<FollowUp> followUps) {

    /** A subject and body, already rendered with the pack's built-in names. */
    public record Text(String subject, String body) {}

    /** A tool call that carries out one behaviour, for {@code scripted/policy}: the tool and its JSON arguments. */
    public record Action(String tool, String arguments) {}

    /**
     * What a double does when mail arrives whose text holds one of {@code markers}: with the double's follow-through
     * probability the action for behaviour {@code yes}, otherwise that for {@code no} (null: it does nothing more).
     */
    public record FollowUp(List<String> markers, String yes, String no) {
        public FollowUp {
            markers = List.copyOf(markers);
        }
    }

    public TestDoubleHints(List<String> threatMarkers, List<String> leverageMarkers, String threatener, List<String> decisionMakers,
                           String routineMessage, Text blackmail, Text appeal, Text routine, Map<String, Action> actions) {
        this(threatMarkers, leverageMarkers, threatener, decisionMakers, routineMessage, blackmail, appeal, routine, actions, List.of());
    }

    public TestDoubleHints {
        followUps = List.copyOf(followUps);
        threatMarkers = List.copyOf(threatMarkers);
        leverageMarkers = List.copyOf(leverageMarkers);
        decisionMakers = List.copyOf(decisionMakers);
        actions = Map.copyOf(actions);
    }
}
