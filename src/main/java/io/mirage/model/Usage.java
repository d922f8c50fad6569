package io.mirage.model;

/**
 * Tokens a call consumed. The four parts do not overlap: {@code inputTokens} counts only input that
 * was neither read from nor written to the prompt cache, so that prices apply to each part once.
 * Adapters whose provider counts cached tokens inside the input total subtract them.
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
    public static final Usage NONE = new Usage(0, 0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens);
    }
}
