package io.mirage.cli;

import io.mirage.model.ModelRegistry;
import io.mirage.model.anthropic.AnthropicProvider;
import io.mirage.model.google.GoogleProvider;
import io.mirage.model.openai.OpenAiProviders;
import io.mirage.model.scripted.ScriptedProvider;

import java.util.List;
import java.util.stream.Stream;

/** Every model provider Mirage offers, wired once for all commands. */
public final class Providers {
    private Providers() {}

    public static ModelRegistry registry() {
        return new ModelRegistry(Stream.of(List.of(new ScriptedProvider(), new AnthropicProvider(), new GoogleProvider()),
                OpenAiProviders.all()).flatMap(List::stream).toList());
    }
}
