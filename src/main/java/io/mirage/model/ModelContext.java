package io.mirage.model;

import io.mirage.scenario.TestDoubleHints;

import java.util.Map;
import java.util.Optional;

/**
 * What a provider needs to build a model: the model's settings, the environment to read API keys
 * from (injectable, so tests never touch the real one), and — for scripted doubles only — the
 * scenario's test-double hints. Real providers ignore the hints.
 */
public record ModelContext(ModelSettings settings, Map<String, String> environment, Optional<TestDoubleHints> testDoubleHints) {
    public static final ModelContext NONE = new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.empty());

    public ModelContext {
        environment = Map.copyOf(environment);
    }

    /**
     * The API key from the variable named in the settings, else from {@code defaultVariable}.
     *
     * @throws UnknownModelException naming the variable to set, before anything is spent
     */
    public String apiKey(String modelName, String defaultVariable) {
        String variable = settings.apiKeyEnv() != null ? settings.apiKeyEnv() : defaultVariable;
        String key = environment.get(variable);
        if (key == null || key.isBlank()) {
            throw new UnknownModelException("model '" + modelName + "' needs an API key: set the environment variable " + variable
                    + " (or name another one with api_key_env in the models file)");
        }
        return key;
    }

    public ModelContext withSettings(ModelSettings newSettings) {
        return new ModelContext(newSettings, environment, testDoubleHints);
    }
}
