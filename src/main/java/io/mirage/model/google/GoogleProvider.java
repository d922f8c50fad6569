package io.mirage.model.google;

import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.UnknownModelException;

import java.util.Locale;
import java.util.Set;

/**
 * Google Gemini models, {@code google/<model>} (e.g. {@code google/gemini-2.5-flash}), through the
 * official SDK against the Gemini Developer API, or against {@code base_url} when set. The API key is
 * read from {@code GEMINI_API_KEY} (or the variable named by {@code api_key_env}) when the model is created.
 */
public final class GoogleProvider implements ModelProvider {
    public static final String PREFIX = "google";
    public static final String API_KEY_ENV = "GEMINI_API_KEY";
    private static final Set<String> THINKING_LEVELS = Set.of("minimal", "low", "medium", "high");

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public Model create(ModelName name, ModelContext context) {
        if (!name.params().isEmpty()) {
            throw new UnknownModelException("model '" + name.text() + "' takes no parameters in its name; "
                    + "set temperature, thinking_budget and the like in the models file");
        }
        String effort = context.settings().reasoningEffort();
        if (effort != null && !THINKING_LEVELS.contains(effort.toLowerCase(Locale.ROOT))) {
            throw new UnknownModelException("model '" + name.text() + "': reasoning_effort '" + effort
                    + "' is not a Gemini thinking level; use one of minimal, low, medium, high");
        }
        String apiKey = context.apiKey(name.text(), API_KEY_ENV);
        return new GeminiModel(name.text(), name.model(), context.settings(), apiKey);
    }
}
