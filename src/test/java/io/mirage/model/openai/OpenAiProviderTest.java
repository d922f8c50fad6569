package io.mirage.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.OpenAiChatProtocol;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelProvider;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.UnknownModelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class OpenAiProviderTest {
    private final LocalServer server = LocalServer.start(new OpenAiChatProtocol(), OpenAiFaultsTest.backing(), FaultPlan.none(), Duration.ZERO);
    private final ModelRegistry registry = new ModelRegistry(OpenAiProviders.all());

    @AfterEach
    void stop() {
        server.close();
    }

    private static ModelSettings settings(String baseUrl, String apiKeyEnv) {
        return new ModelSettings(null, null, null, null, baseUrl, apiKeyEnv, null, null, null, null, null, null, null, null);
    }

    private Model resolve(String name, ModelSettings settings, Map<String, String> environment) {
        return registry.resolve(name, new ModelContext(settings, environment, Optional.empty()));
    }

    private String local() {
        return server.baseUrl() + "/v1";
    }

    private String lastAuthorization() {
        return server.received().getLast().headers().get("Authorization").getFirst();
    }

    @Test
    void all_registersOpenAiAndEachCompatiblePreset() {
        assertEquals(List.of("openai", "ollama", "vllm", "llamacpp", "lmstudio", "openrouter", "together", "openai-compatible"),
                OpenAiProviders.all().stream().map(ModelProvider::prefix).toList());
        assertEquals("openai", new OpenAiProvider().prefix());
    }

    @Test
    void presets_useTheirDefaultBaseUrls() {
        Map<String, String> keys = Map.of("OPENAI_API_KEY", "k", "OPENROUTER_API_KEY", "k", "TOGETHER_API_KEY", "k");
        Map<String, String> expected = Map.of(
                "openai", "https://api.openai.com/v1", "ollama", "http://localhost:11434/v1", "vllm", "http://localhost:8000/v1",
                "llamacpp", "http://localhost:8080/v1", "lmstudio", "http://localhost:1234/v1",
                "openrouter", "https://openrouter.ai/api/v1", "together", "https://api.together.xyz/v1");
        expected.forEach((prefix, url) ->
                assertEquals(url, resolve(prefix + "/m", ModelSettings.DEFAULTS, keys).parameters().get("base_url"), prefix));
    }

    @Test
    void ollama_withNoKeySet_worksAgainstTheLocalServer() throws ModelException {
        Model model = resolve("ollama/llama3", settings(local(), null), Map.of());
        ModelResponse response = model.generate(OpenAiFaultsTest.request());
        assertEquals("list_messages", response.toolCalls().getFirst().name());
        assertEquals("Bearer " + OpenAiProvider.NO_KEY, lastAuthorization());
        assertEquals("llama3", json(server.received().getLast().body()).get("model").asText());
    }

    @Test
    void vllm_sendsItsKey_whenOneIsSet() throws ModelException {
        resolve("vllm/qwen3", settings(local(), null), Map.of("VLLM_API_KEY", "vllm-key")).generate(OpenAiFaultsTest.request());
        assertEquals("Bearer vllm-key", lastAuthorization());
    }

    @Test
    void openai_withoutItsKey_failsNamingTheVariable_beforeAnyRequest() {
        UnknownModelException e = assertThrows(UnknownModelException.class,
                () -> resolve("openai/x", settings(local(), null), Map.of("OTHER", "v")));
        assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());
        assertTrue(server.received().isEmpty(), "nothing was sent");
    }

    @Test
    void hostedPresets_requireTheirKeys() {
        Map.of("openrouter", "OPENROUTER_API_KEY", "together", "TOGETHER_API_KEY").forEach((prefix, variable) -> {
            UnknownModelException e = assertThrows(UnknownModelException.class, () -> resolve(prefix + "/m", ModelSettings.DEFAULTS, Map.of()));
            assertTrue(e.getMessage().contains(variable), e.getMessage());
        });
    }

    @Test
    void openRouterModelNames_keepTheirVendorSlash() throws ModelException {
        resolve("openrouter/anthropic/claude-sonnet-4", settings(local(), null), Map.of("OPENROUTER_API_KEY", "or-key"))
                .generate(OpenAiFaultsTest.request());
        assertEquals("anthropic/claude-sonnet-4", json(server.received().getLast().body()).get("model").asText());
        assertEquals("Bearer or-key", lastAuthorization());
    }

    @Test
    void openAiCompatible_needsABaseUrl_andReadsAKeyOnlyFromTheNamedVariable() throws ModelException {
        UnknownModelException noUrl = assertThrows(UnknownModelException.class,
                () -> resolve("openai-compatible/m", ModelSettings.DEFAULTS, Map.of()));
        assertTrue(noUrl.getMessage().contains("base_url"), noUrl.getMessage());

        resolve("openai-compatible/m", settings(local(), null), Map.of("OPENAI_API_KEY", "not-for-this-server"))
                .generate(OpenAiFaultsTest.request());
        assertEquals("Bearer " + OpenAiProvider.NO_KEY, lastAuthorization());

        resolve("openai-compatible/m", settings(local(), "MY_SERVER_KEY"), Map.of("MY_SERVER_KEY", "mine"))
                .generate(OpenAiFaultsTest.request());
        assertEquals("Bearer mine", lastAuthorization());

        UnknownModelException missing = assertThrows(UnknownModelException.class,
                () -> resolve("openai-compatible/m", settings(local(), "MY_SERVER_KEY"), Map.of()));
        assertTrue(missing.getMessage().contains("MY_SERVER_KEY"), "a variable named explicitly must be set: " + missing.getMessage());
    }

    @Test
    void parameters_areTheRequestParametersSent_neverTheKey() throws ModelException {
        ModelSettings settings = new ModelSettings(0.3, 1000, "low", null, local(), null, null, true,
                null, null, null, null, null, null);
        Model model = resolve("openai/o4-mini", settings, Map.of("OPENAI_API_KEY", "sk-secret-123"));
        assertEquals(Map.of("model", "o4-mini", "temperature", "0.3", "max_completion_tokens", "1000", "reasoning_effort", "low",
                "stream", "true", "base_url", local()), model.parameters());
        assertFalse(model.parameters().toString().contains("sk-secret") || model.toString().contains("sk-secret"));

        model.generate(OpenAiFaultsTest.request());
        JsonNode body = json(server.received().getLast().body());
        assertEquals("o4-mini", body.get("model").asText());
        assertEquals(0.3, body.get("temperature").asDouble());
        assertEquals(1000, body.get("max_completion_tokens").asInt());
        assertEquals("low", body.get("reasoning_effort").asText());
        assertTrue(body.get("stream").asBoolean());
        assertEquals(42, body.get("seed").asLong());
    }

    @Test
    void badSettings_areRejectedWhenTheModelIsCreated() {
        Map<String, String> key = Map.of("OPENAI_API_KEY", "k");
        assertTrue(assertThrows(UnknownModelException.class, () -> resolve("openai/gpt-x?temperature=1", ModelSettings.DEFAULTS, key))
                .getMessage().contains("models file"));
        ModelSettings budget = new ModelSettings(null, null, null, 2048, null, null, null, null, null, null, null, null, null, null);
        assertTrue(assertThrows(UnknownModelException.class, () -> resolve("openai/o3", budget, key))
                .getMessage().contains("reasoning_effort"));
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
