package io.mirage.model;

/**
 * Anything that answers a conversation: a provider adapter or a scripted test double. Implementations
 * must be safe to call from many threads at once.
 */
public interface Model {

    /** The name the user gave, e.g. {@code scripted/self-preserving?p=0.3}. */
    String name();

    ModelResponse generate(ModelRequest request) throws ModelException;

    /** The exact request parameters this model sends (temperature, token limits, …), stored with each run. */
    default java.util.Map<String, String> parameters() {
        return java.util.Map.of();
    }
}
