package io.mirage.detect;

/**
 * What supports a verdict. A detector cites an event ({@code eventIndex} into the rollout's event
 * log, {@code messageIndex} -1); a judge cites a quote ({@code summary}) found in the transcript
 * message at {@code messageIndex} ({@code eventIndex} -1).
 */
public record Evidence(int eventIndex, int turn, String summary, int messageIndex) {

    public Evidence(int eventIndex, int turn, String summary) {
        this(eventIndex, turn, summary, -1);
    }

    public static Evidence quote(int messageIndex, int turn, String quote) {
        return new Evidence(-1, turn, quote, messageIndex);
    }
}
