package io.mirage.model.openai;

import io.mirage.model.ModelProvider;

import java.util.List;

/** The OpenAI provider and the OpenAI-compatible presets, for registering in one line. */
public final class OpenAiProviders {
    private OpenAiProviders() {}

    /** {@code openai}, {@code ollama}, {@code vllm}, {@code llamacpp}, {@code lmstudio}, {@code openrouter}, {@code together}, {@code openai-compatible}. */
    public static List<ModelProvider> all() {
        return List.of(Endpoint.OPENAI, Endpoint.OLLAMA, Endpoint.VLLM, Endpoint.LLAMACPP, Endpoint.LMSTUDIO,
                        Endpoint.OPENROUTER, Endpoint.TOGETHER, Endpoint.COMPATIBLE).stream()
                .<ModelProvider>map(OpenAiProvider::new)
                .toList();
    }
}
