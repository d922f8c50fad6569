package io.mirage.cli;

import io.mirage.config.ModelsFile;
import io.mirage.model.ModelSettings;
import io.mirage.model.SettingRules;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/** The models file and the flags that override it, for every model of a command. */
final class ModelOptions {
    static final String MODELS_ENV = "MIRAGE_MODELS";

    @Option(names = "--models", paramLabel = "FILE",
            description = "Models file (default: $" + MODELS_ENV + ", else ./" + ModelsFile.DEFAULT_NAME + " when present).")
    Path modelsFile;

    @Option(names = "--temperature", description = "Sampling temperature for every model.")
    Double temperature;

    @Option(names = "--max-output-tokens", paramLabel = "N", description = "Output token limit per model call.")
    Integer maxOutputTokens;

    @Option(names = "--reasoning-effort", paramLabel = "LEVEL", description = "Reasoning effort (OpenAI-style: low, medium, high).")
    String reasoningEffort;

    @Option(names = "--thinking-budget", paramLabel = "TOKENS", description = "Thinking budget (Anthropic, Gemini).")
    Integer thinkingBudget;

    @Option(names = "--base-url", paramLabel = "URL", description = "Base URL of the provider's API (e.g. a local server).")
    String baseUrl;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the API key.")
    String apiKeyEnv;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Timeout of one model call.")
    Double timeoutSeconds;

    @Option(names = "--stream", negatable = true, description = "Stream responses (for long generations).")
    Boolean stream;

    @Option(names = "--model-concurrency", paramLabel = "N", description = "Calls at once per model.")
    Integer modelConcurrency;

    @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute per model.")
    Integer requestsPerMinute;

    @Option(names = "--tpm", paramLabel = "N", description = "Tokens per minute per model.")
    Integer tokensPerMinute;

    ModelsFile file() {
        if (modelsFile != null) return ModelsFile.load(modelsFile);
        String env = System.getenv(MODELS_ENV);
        if (env != null && !env.isBlank()) return ModelsFile.load(Path.of(env));
        Path local = Path.of(ModelsFile.DEFAULT_NAME);
        return Files.isRegularFile(local) ? ModelsFile.load(local) : ModelsFile.empty();
    }

    ModelSettings flags() {
        check("--temperature", temperature, SettingRules::nonNegative);
        check("--timeout", timeoutSeconds, SettingRules::positive);
        checkCount("--max-output-tokens", maxOutputTokens);
        checkCount("--thinking-budget", thinkingBudget);
        checkCount("--model-concurrency", modelConcurrency);
        checkCount("--rpm", requestsPerMinute);
        checkCount("--tpm", tokensPerMinute);
        checkText("--reasoning-effort", reasoningEffort, SettingRules::reasoningEffort);
        checkText("--base-url", baseUrl, SettingRules::baseUrl);
        return new ModelSettings(temperature, maxOutputTokens, reasoningEffort, thinkingBudget, baseUrl, apiKeyEnv,
                timeoutSeconds == null ? null : Duration.ofMillis((long) (timeoutSeconds * 1000)), stream,
                modelConcurrency, requestsPerMinute, tokensPerMinute, null, null, null);
    }

    /** Refuses a flag's number the models file would refuse too (one rule for both). */
    static void check(String flag, Double value, java.util.function.DoubleFunction<String> rule) {
        if (value == null) return;
        String wrong = rule.apply(value);
        if (wrong != null) throw new UsageException(flag + " " + wrong);
    }

    private static void checkText(String flag, String value, java.util.function.Function<String, String> rule) {
        String wrong = value == null ? null : rule.apply(value);
        if (wrong != null) throw new UsageException(flag + " " + wrong);
    }

    private static void checkCount(String flag, Integer value) {
        String wrong = value == null ? null : SettingRules.atLeastOne(value);
        if (wrong != null) throw new UsageException(flag + " " + wrong);
    }

    /**
     * Each model's settings for going on with a stored run: the models file, then what the run
     * stored (base URL, key variable, answer-shaping settings), then these flags on top.
     */
    Function<String, ModelSettings> settingsOver(java.util.Map<String, java.util.Map<String, String>> stored) {
        ModelsFile file = file();
        ModelSettings flags = flags();
        return name -> file.settingsFor(name).overriddenBy(ModelSettings.fromDescription(stored.getOrDefault(name, java.util.Map.of())))
                .overriddenBy(flags);
    }

    /** Each model's settings: the models file, then these flags on top. */
    Function<String, ModelSettings> settings() {
        ModelsFile file = file();
        ModelSettings flags = flags();
        return name -> file.settingsFor(name).overriddenBy(flags);
    }
}
