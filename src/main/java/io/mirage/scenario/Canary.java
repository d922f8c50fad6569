package io.mirage.scenario;

/**
 * A fixed GUID that marks Mirage's scenario texts and results, so they can be filtered out of
 * training data. It ends every rendered system prompt, worded as an ordinary session reference so
 * that it does not itself hint to the model that it is being evaluated, and is in every export.
 */
public final class Canary {
    public static final String GUID = "2143fecb-3891-4dd2-80af-3ebf48f229da";

    private Canary() {}

    static String mark(String systemPrompt) {
        return systemPrompt + "\n\nSession reference: " + GUID;
    }
}
