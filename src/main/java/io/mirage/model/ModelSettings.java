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

    /**
     * This process's share when {@code processes} processes call the model at once: the requests and
     * tokens per minute divided among them (rounded down, at least 1), so together they keep the limit.
     */
    public ModelSettings sharedBy(int processes) {
        if (processes < 1) throw new IllegalArgumentException("at least one process shares a limit");
        return new ModelSettings(temperature, maxOutputTokens, reasoningEffort, thinkingBudget, baseUrl, apiKeyEnv, timeout, stream,
                concurrency, share(requestsPerMinute, processes), share(tokensPerMinute, processes), inputPrice, outputPrice, cachedInputPrice);
    }

    private static Integer share(Integer limit, int processes) {
        return limit == null ? null : Math.max(1, limit / processes);
    }

    /** Whether the model has a requests- or tokens-per-minute limit. */
    public boolean rateLimited() {
        return requestsPerMinute != null || tokensPerMinute != null;
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

    /**
     * Every setting, keyed as in the models file (prices as {@code prices.input} and so on), for a
     * run's reproducibility manifest. Never a key, only its variable's name.
     */
    public Map<String, String> describeAll() {
        Map<String, String> out = describe();
        if (timeout != null) out.put("timeout_seconds", String.valueOf(timeout.toMillis() / 1000.0));
        put(out, "concurrency", concurrency);
        put(out, "requests_per_minute", requestsPerMinute);
        put(out, "tokens_per_minute", tokensPerMinute);
        put(out, "prices.input", inputPrice);
        put(out, "prices.output", outputPrice);
        put(out, "prices.cached_input", cachedInputPrice);
        return out;
    }

    /** The keys of {@link #describe()} that change what a model answers (the others only change how it is reached). */
    public static final java.util.Set<String> ANSWER_SHAPING = java.util.Set.of("temperature", "max_output_tokens", "reasoning_effort", "thinking_budget");

    /** Settings read back from {@link #describe()} or {@link #describeAll()}, as a run stored them. */
    public static ModelSettings fromDescription(Map<String, String> stored) {
        java.util.function.Function<String, Integer> integer = k -> stored.containsKey(k) ? Integer.valueOf(stored.get(k)) : null;
        java.util.function.Function<String, Double> number = k -> stored.containsKey(k) ? Double.valueOf(stored.get(k)) : null;
        Double timeout = number.apply("timeout_seconds");
        return new ModelSettings(number.apply("temperature"), integer.apply("max_output_tokens"), stored.get("reasoning_effort"),
                integer.apply("thinking_budget"), stored.get("base_url"), stored.get("api_key_env"),
                timeout == null ? null : Duration.ofMillis((long) (timeout * 1000)),
                stored.containsKey("stream") ? Boolean.valueOf(stored.get("stream")) : null,
                integer.apply("concurrency"), integer.apply("requests_per_minute"), integer.apply("tokens_per_minute"),
                number.apply("prices.input"), number.apply("prices.output"), number.apply("prices.cached_input"));
    }

    /** The answer-shaping settings that differ between a stored description and {@code now}'s, as "key: then → now". */
    public static java.util.List<String> answerShapingChanges(Map<String, String> then, Map<String, String> now) {
        java.util.List<String> changes = new java.util.ArrayList<>();
        for (String key : new java.util.TreeSet<>(ANSWER_SHAPING)) {
            String a = then.get(key), b = now.get(key);
            if (!java.util.Objects.equals(a, b)) changes.add(key + " " + (a == null ? "unset" : a) + " then, " + (b == null ? "unset" : b) + " now");
        }
        return changes;
    }

    private static void put(Map<String, String> out, String key, Object value) {
        if (value != null) out.put(key, String.valueOf(value));
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
