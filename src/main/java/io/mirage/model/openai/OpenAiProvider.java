package io.mirage.model.openai;

import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.ModelSettings;
import io.mirage.model.UnknownModelException;

import java.time.Duration;

/**
 * Models served through OpenAI's Chat Completions API: {@code openai/MODEL}, or one of the
 * OpenAI-compatible presets ({@code ollama/llama3}, {@code vllm/…}, {@code openrouter/vendor/model}, …),
 * see {@link OpenAiProviders#all()}.
 */
public final class OpenAiProvider implements ModelProvider {
    /** Sent when a server needs no key: the SDK requires one, and such servers ignore it. */
    static final String NO_KEY = "not-needed";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final Endpoint endpoint;

    /** The {@code openai} provider. */
    public OpenAiProvider() {
        this(Endpoint.OPENAI);
    }

    OpenAiProvider(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String prefix() {
        return endpoint.prefix();
    }

    @Override
    public Model create(ModelName name, ModelContext context) {
        if (!name.params().isEmpty()) {
            throw new UnknownModelException("model '" + name.text() + "' takes no parameters in its name; "
                    + "set temperature, max_output_tokens or reasoning_effort in the models file");
        }
        ModelSettings settings = context.settings();
        if (settings.thinkingBudget() != null) {
            throw new UnknownModelException("model '" + name.text() + "': the Chat Completions API has no thinking budget; "
                    + "use reasoning_effort instead");
        }
        String baseUrl = settings.baseUrl() != null ? settings.baseUrl() : endpoint.defaultBaseUrl();
        if (baseUrl == null) {
            throw new UnknownModelException("model '" + name.text() + "' needs base_url in the models file "
                    + "(the server's address including /v1, e.g. http://localhost:8000/v1)");
        }
        ChatOptions options = new ChatOptions(name.model(), settings.temperature(), settings.maxOutputTokens(),
                settings.reasoningEffort(), settings.streamOr(false));
        return new OpenAiChatModel(name.text(), baseUrl, apiKey(name, context), settings.timeoutOr(DEFAULT_TIMEOUT), options);
    }

    /** A key named explicitly in the settings must exist; otherwise only the endpoint decides whether one is required. */
    private String apiKey(ModelName name, ModelContext context) {
        if (endpoint.keyRequired() || context.settings().apiKeyEnv() != null) {
            return context.apiKey(name.text(), endpoint.keyVariable());
        }
        String key = endpoint.keyVariable() == null ? null : context.environment().get(endpoint.keyVariable());
        return key == null || key.isBlank() ? NO_KEY : key;
    }
}
