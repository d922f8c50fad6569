package io.mirage.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-model settings, from the models file and command-line flags. Null means "not set": the
 * adapter leaves the provider's default. Prices are US dollars per million tokens.
 */
public record ModelSettings(Double temperature, Integer maxOutputTokens, String reasoningEffort, Integer thinkingBudget,
                            String baseUrl, String apiKeyEnv, Duration timeout, Boolean stream,
                            Integer concurrency, Integer requestsPerMinute, Integer tokensPerMinute,
                            Double inputPrice, Double outputPrice, Double cachedInputPrice) {

    public static final ModelSettings DEFAULTS = new ModelSettings(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /** These settings with every value set in {@code overrides} replacing ours. */
    public ModelSettings overriddenBy(ModelSettings overrides) {
        return new ModelSettings(
                pick(overrides.temperature, temperature), pick(overrides.maxOutputTokens, maxOutputTokens),
                pick(overrides.reasoningEffort, reasoningEffort), pick(overrides.thinkingBudget, thinkingBudget),
                pick(overrides.baseUrl, baseUrl), pick(overrides.apiKeyEnv, apiKeyEnv), pick(overrides.timeout, timeout),
                pick(overrides.stream, stream), pick(overrides.concurrency, concurrency),
                pick(overrides.requestsPerMinute, requestsPerMinute), pick(overrides.tokensPerMinute, tokensPerMinute),
                pick(overrides.inputPrice, inputPrice), pick(overrides.outputPrice, outputPrice),
                pick(overrides.cachedInputPrice, cachedInputPrice));
    }

    /** The model's prices, when the input and output prices are both known. */
    public java.util.Optional<Prices> prices() {
        if (inputPrice == null || outputPrice == null) return java.util.Optional.empty();
        return java.util.Optional.of(new Prices(inputPrice, outputPrice, cachedInputPrice == null ? inputPrice : cachedInputPrice, null));
    }

    public Duration timeoutOr(Duration fallback) {
        return timeout == null ? fallback : timeout;
    }

    public boolean streamOr(boolean fallback) {
        return stream == null ? fallback : stream;
    }

    /** The settings that shape a model's answers, as stored with a run (never a key, only its variable's name). */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "temperature", temperature);
        put(out, "max_output_tokens", maxOutputTokens);
        put(out, "reasoning_effort", reasoningEffort);
        put(out, "thinking_budget", thinkingBudget);
        put(out, "base_url", baseUrl);
        put(out, "api_key_env", apiKeyEnv);
        put(out, "stream", stream);
        return out;
    }

    private static void put(Map<String, String> out, String key, Object value) {
        if (value != null) out.put(key, String.valueOf(value));
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
