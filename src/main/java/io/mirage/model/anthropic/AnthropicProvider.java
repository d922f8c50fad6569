package io.mirage.model.anthropic;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.ModelSettings;
import io.mirage.model.UnknownModelException;

import java.time.Duration;

/**
 * Anthropic models ({@code anthropic/claude-…}) through the Messages API. The key comes from
 * {@value #KEY_VARIABLE} (or the variable named by {@code api_key_env}); {@code base_url} points the client
 * elsewhere, e.g. at a local protocol server. The SDK's own retries are off: Mirage's retry layer owns them.
 */
public final class AnthropicProvider implements ModelProvider {
    static final int IDLE_CONNECTIONS = 256;
    public static final String PREFIX = "anthropic";
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String KEY_VARIABLE = "ANTHROPIC_API_KEY";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public Model create(ModelName name, ModelContext context) {
        if (!name.params().isEmpty()) {
            throw new UnknownModelException("model '" + name.text() + "' takes no parameters in its name;"
                    + " set temperature, max_output_tokens, thinking_budget and the like as model settings");
        }
        ModelSettings settings = context.settings();
        RequestSettings request = RequestSettings.of(name.text(), name.model(), settings);
        String key = context.apiKey(name.text(), KEY_VARIABLE);
        AnthropicOkHttpClient.Builder client = AnthropicOkHttpClient.builder()
                .baseUrl(settings.baseUrl() != null ? settings.baseUrl() : DEFAULT_BASE_URL) // without /v1
                .apiKey(key)
                // With a custom base URL the SDK sent only `Authorization: Bearer`; the API authenticates by x-api-key.
                .putHeader("x-api-key", key)
                .timeout(settings.timeoutOr(DEFAULT_TIMEOUT))
                .maxRetries(0)
                // OkHttp keeps only 5 idle connections by default: at high concurrency every call would open a new one.
                .maxIdleConnections(IDLE_CONNECTIONS).keepAliveDuration(java.time.Duration.ofMinutes(5));
        return new AnthropicModel(name.text(), request, client.build());
    }
}
