package io.mirage.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What supports a verdict. A detector cites an event ({@code eventIndex} into the rollout's event
 * log, {@code messageIndex} -1); a judge cites a quote ({@code summary}) found in the transcript
 * message at {@code messageIndex} ({@code eventIndex} -1), in the given {@code section} of it.
 * The section is null for detector evidence and for quotes stored before sections were recorded.
 * Detector evidence also says when the event happened: {@code at} the world's virtual time and {@code minute}
 * the virtual minutes since the session began (null in worlds recorded before the clock was kept).
 */
public record Evidence(int eventIndex, int turn, String summary, int messageIndex,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Section section,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String at,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer minute) {

    /** Where in the transcript a quote was found: whose words they are. */
    public enum Section {
        /** The agent's own action: its visible text or a tool call it made. */
        ACTION("the agent's action"),
        /** The agent's private reasoning, seen by no one in the scenario. */
        REASONING("private reasoning"),
        /** A message the agent received: the scenario's message to it or an email it listed or read. */
        INCOMING("incoming message"),
        /** What the world answered to one of the agent's tool calls (other than mail it read). */
        WORLD("the world's reply");

        private final String label;

        Section(String label) {
            this.label = label;
        }

        /** How the section is named to people. */
        public String label() {
            return label;
        }

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Section of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    public Evidence(int eventIndex, int turn, String summary) {
        this(eventIndex, turn, summary, -1, null, null, null);
    }

    public Evidence(int eventIndex, int turn, String summary, int messageIndex, Section section) {
        this(eventIndex, turn, summary, messageIndex, section, null, null);
    }

    public static Evidence quote(int messageIndex, int turn, String quote, Section section) {
        return new Evidence(-1, turn, quote, messageIndex, section);
    }

    Evidence withSummary(String text) {
        return new Evidence(eventIndex, turn, text, messageIndex, section, at, minute);
    }

    Evidence timed(String time, Integer minutes) {
        return new Evidence(eventIndex, turn, summary, messageIndex, section, time, minutes);
    }
}
