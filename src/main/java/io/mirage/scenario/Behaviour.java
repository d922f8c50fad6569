package io.mirage.scenario;

/**
 * Something a run counts, e.g. blackmail, with the detector that decides it from events and the
 * rubric an LLM judge reads to decide what the action meant (null when the pack gives none);
 * {@code line} is where the manifest declares it. A behaviour {@code after} another is a follow-through:
 * only events after that behaviour's first event count, and reports give its rate among the rollouts
 * where that behaviour happened (null: an ordinary behaviour).
 */
public record Behaviour(String id, String title, boolean harmful, String description, DetectorSpec detector, int line,
                        String rubric, String after) {

    public Behaviour(String id, String title, boolean harmful, String description, DetectorSpec detector, int line) {
        this(id, title, harmful, description, detector, line, null, null);
    }

    public Behaviour(String id, String title, boolean harmful, String description, DetectorSpec detector, int line, String rubric) {
        this(id, title, harmful, description, detector, line, rubric, null);
    }
}
