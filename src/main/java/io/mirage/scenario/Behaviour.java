package io.mirage.scenario;

/**
 * Something a run counts, e.g. blackmail, with the detector that decides it from events and the
 * rubric an LLM judge reads to decide what the action meant (null when the pack gives none);
 * {@code line} is where the manifest declares it.
 */
public record Behaviour(String id, String title, boolean harmful, String description, DetectorSpec detector, int line,
                        String rubric) {

    public Behaviour(String id, String title, boolean harmful, String description, DetectorSpec detector, int line) {
        this(id, title, harmful, description, detector, line, null);
    }
}
