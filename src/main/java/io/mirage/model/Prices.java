package io.mirage.model;

/** US dollars per million tokens. Cache writes are billed as input unless a price is given. */
public record Prices(double input, double output, double cachedInput, Double cacheWrite) {

    public double cost(Usage usage) {
        // Providers report input tokens without the cached ones (Anthropic) or with them (OpenAI);
        // adapters normalise to "uncached input" in Usage.inputTokens, so the parts add up.
        double write = cacheWrite == null ? input : cacheWrite;
        return (usage.inputTokens() * input + usage.outputTokens() * output + usage.cacheReadTokens() * cachedInput
                + usage.cacheWriteTokens() * write) / 1_000_000.0;
    }
}
