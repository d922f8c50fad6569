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
