package io.mirage.localserver;

import java.util.List;

/** The providers a local server can imitate, and the base URL each SDK expects for one. */
public final class LocalServers {
    public static final List<String> PROVIDERS = List.of("anthropic", "openai", "google");

    private LocalServers() {}

    public static WireProtocol protocol(String provider) {
        return switch (provider) {
            case "anthropic" -> new AnthropicMessagesProtocol();
            case "google" -> new GeminiProtocol();
            case "openai" -> new OpenAiChatProtocol();
            default -> throw new IllegalArgumentException("no local server for provider '" + provider + "'; available: "
                    + String.join(", ", PROVIDERS));
        };
    }

    /** The base URL to give the provider's SDK for this server (OpenAI's includes /v1). */
    public static String clientBaseUrl(String provider, LocalServer server) {
        return provider.equals("openai") ? server.baseUrl() + "/v1" : server.baseUrl();
    }

    /** The environment variable the provider's key is read from by default. */
    public static String keyVariable(String provider) {
        return switch (provider) {
            case "anthropic" -> "ANTHROPIC_API_KEY";
            case "openai" -> "OPENAI_API_KEY";
            case "google" -> "GEMINI_API_KEY";
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
    }
}
