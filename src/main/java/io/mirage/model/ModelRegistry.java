package io.mirage.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves model names to models through the registered providers. */
public final class ModelRegistry {
    private final Map<String, ModelProvider> providers = new LinkedHashMap<>();

    public ModelRegistry(List<ModelProvider> providers) {
        providers.forEach(p -> this.providers.put(p.prefix(), p));
    }

    /** Why a model name cannot be resolved (a bad form or an unknown provider), or null when it can be. */
    public String problem(String text) {
        try {
            ModelName name = ModelName.parse(text);
            return providers.containsKey(name.provider()) ? null
                    : "no provider '" + name.provider() + "' for model '" + text + "'; available: " + String.join(", ", providers.keySet());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    public Model resolve(String text, ModelContext context) {
        ModelName name = ModelName.parse(text);
        ModelProvider provider = providers.get(name.provider());
        if (provider == null) {
            throw new UnknownModelException("no provider '" + name.provider() + "' for model '" + text
                    + "'; available: " + String.join(", ", providers.keySet()));
        }
        return provider.create(name, context);
    }
}
