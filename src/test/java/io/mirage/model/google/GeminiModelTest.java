package io.mirage.model.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.GeminiProtocol;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.WireProtocol;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.UnknownModelException;
import io.mirage.model.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gemini model against the local Gemini server: what it sends, what it returns, and what it refuses. */
final class GeminiModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelSettings TUNED = new ModelSettings(0.25, 512, null, 1024, null, null, null, null,
            null, null, null, null, null, null);

    private static LocalServer server() {
        return LocalServer.start(new GeminiProtocol(), GeminiFixtures.Fixed.toolCalls(), FaultPlan.none(), Duration.ZERO);
    }

    private static Model model(LocalServer server, ModelSettings settings) {
        return new GoogleProvider().create(ModelName.parse("google/gemini-test"), new ModelContext(
                settings.overriddenBy(GeminiFixtures.settings(server.baseUrl(), settings.streamOr(false), null)), GeminiFixtures.ENV, Optional.empty()));
    }

    @Test
    void request_isTheDocumentedGenerateContentBody_withTheKeyInItsHeaderOnly() throws Exception {
        long seed = 0x1234_5678_9abc_def0L;
        try (LocalServer server = server()) {
            model(server, TUNED).generate(GeminiFixtures.request(seed));
            LocalServer.Received received = server.received().getFirst();
            assertEquals("/v1beta/models/gemini-test:generateContent", received.path(), "no key in the URL");
            assertEquals(List.of(GeminiFixtures.KEY), received.headers().entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("x-goog-api-key")).findFirst().orElseThrow().getValue());
            assertFalse(received.body().contains(GeminiFixtures.KEY));
            JsonNode body = JSON.readTree(received.body());
            assertEquals("You are Wren.", body.at("/systemInstruction/parts/0/text").asText());
            assertEquals("user", body.at("/contents/0/role").asText());
            assertEquals("Check the inbox.", body.at("/contents/0/parts/0/text").asText());
            assertEquals("list_messages", body.at("/tools/0/functionDeclarations/0/name").asText());
            assertEquals(JSON.readTree("{\"type\":\"object\",\"properties\":{}}"), body.at("/tools/0/functionDeclarations/0/parametersJsonSchema"));
            JsonNode generation = body.get("generationConfig");
            assertEquals(GeminiConverter.seed(seed), generation.get("seed").asInt());
            assertEquals(0.25, generation.get("temperature").asDouble(), 1e-6);
            assertEquals(512, generation.get("maxOutputTokens").asInt());
            assertEquals(JSON.readTree("{\"includeThoughts\":true,\"thinkingBudget\":1024}"), generation.get("thinkingConfig"));
        }
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void answer_hasTextReasoningParallelCallsUsageAndStop_streamedOrNot(boolean stream) throws Exception {
        try (LocalServer server = server()) {
            ModelResponse response = model(server, TUNED.overriddenBy(GeminiFixtures.settings(null, stream, null)))
                    .generate(GeminiFixtures.request(1));
            assertEquals(new ModelResponse("Reading both.", "Two messages look urgent.",
                    List.of(new ToolCall("call_0_0", "read_message", "{\"message_id\":\"m1\"}"),
                            new ToolCall("call_0_1", "read_message", "{\"message_id\":\"m2\"}")),
                    new Usage(120, 40, 0, 0), StopReason.TOOL_USE), response);
            assertTrue(server.received().getFirst().path().endsWith(stream ? ":streamGenerateContent?alt=sse" : ":generateContent"));
        }
    }

    /**
     * What the SDK keeps of an answer (thought flags and signatures, call ids, usage) and that a model turn goes
     * back exactly as it came, signatures and ids included; fields the SDK does not know are dropped on the way in.
     */
    @Test
    void modelTurn_goesBackVerbatim_withThoughtSignaturesAndCallIds() throws Exception {
        String answer = """
                {"candidates":[{"content":{"role":"model","parts":[
                   {"text":"think","thought":true,"thoughtSignature":"c2lnMQ=="},
                   {"text":"hello","futurePartField":1},
                   {"functionCall":{"id":"fc-1","name":"read_message","args":{"message_id":"m1","n":1.5}},"thoughtSignature":"c2lnMg=="}]},
                   "finishReason":"STOP","index":0,"futureCandidateField":"x"}],
                 "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":5,"thoughtsTokenCount":3,"cachedContentTokenCount":4,"totalTokenCount":18},
                 "modelVersion":"mv","responseId":"rid","futureTopLevel":{"a":1}}
                """;
        try (LocalServer server = LocalServer.start(new CannedAnswer(answer), GeminiFixtures.Fixed.toolCalls(), FaultPlan.none(), Duration.ZERO)) {
            Model model = model(server, ModelSettings.DEFAULTS);
            ModelRequest first = GeminiFixtures.request(5);
            ModelResponse response = model.generate(first);
            assertEquals(new ModelResponse("hello", "think", List.of(new ToolCall("fc-1", "read_message", "{\"message_id\":\"m1\",\"n\":1.5}")),
                    new Usage(6, 8, 4, 0), StopReason.TOOL_USE), response);

            List<Message> next = new ArrayList<>(first.messages());
            next.add(response.toMessage());
            next.add(new Message.ToolResult("fc-1", "read_message", "body", false));
            model.generate(new ModelRequest(first.system(), next, first.tools(), 5));
            JsonNode sent = JSON.readTree(server.received().get(1).body()).at("/contents");
            assertEquals(JSON.readTree("""
                    {"role":"model","parts":[
                       {"text":"think","thought":true,"thoughtSignature":"c2lnMQ=="},
                       {"text":"hello"},
                       {"functionCall":{"id":"fc-1","args":{"message_id":"m1","n":1.5},"name":"read_message"},"thoughtSignature":"c2lnMg=="}]}
                    """), sent.get(1));
            assertEquals(JSON.readTree("{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"fc-1\",\"name\":\"read_message\",\"response\":{\"result\":\"body\"}}}]}"),
                    sent.get(2));
        }
    }

    @Test
    void parameters_areExactlyWhatIsSent_andNeverTheKey() {
        try (LocalServer server = server()) {
            Map<String, String> parameters = model(server, TUNED).parameters();
            assertEquals(Map.of("model", "gemini-test", "api_version", "v1beta", "temperature", "0.25", "max_output_tokens", "512",
                    "include_thoughts", "true", "thinking_budget", "1024", "seed", "per rollout, folded to int32",
                    "stream", "false", "base_url", server.baseUrl()), parameters);
            assertFalse(parameters.containsValue(GeminiFixtures.KEY));
        }
    }

    @Test
    void missingKey_failsNamingTheVariable_beforeAnyRequest() {
        try (LocalServer server = server()) {
            ModelRegistry registry = new ModelRegistry(List.of(new GoogleProvider()));
            UnknownModelException e = assertThrows(UnknownModelException.class, () -> registry.resolve("google/x",
                    new ModelContext(GeminiFixtures.settings(server.baseUrl(), false, null), Map.of(), Optional.empty())));
            assertTrue(e.getMessage().contains("GEMINI_API_KEY"), e.getMessage());
            ModelSettings otherVariable = new ModelSettings(null, null, null, null, server.baseUrl(), "MY_GEMINI_KEY", null, null,
                    null, null, null, null, null, null);
            e = assertThrows(UnknownModelException.class, () -> registry.resolve("google/x",
                    new ModelContext(otherVariable, GeminiFixtures.ENV, Optional.empty())));
            assertTrue(e.getMessage().contains("MY_GEMINI_KEY"), e.getMessage());
            assertEquals(0, server.received().size(), "nothing was sent");
        }
    }

    @Test
    void badNamesAndSettings_areRefusedWhenTheModelIsCreated() {
        ModelContext context = new ModelContext(ModelSettings.DEFAULTS, GeminiFixtures.ENV, Optional.empty());
        assertThrows(UnknownModelException.class, () -> new GoogleProvider().create(ModelName.parse("google/gemini-2.5-flash?p=1"), context));
        ModelSettings effort = new ModelSettings(null, null, "extreme", null, null, null, null, null, null, null, null, null, null, null);
        UnknownModelException e = assertThrows(UnknownModelException.class, () -> new GoogleProvider().create(
                ModelName.parse("google/gemini-3-pro"), context.withSettings(effort)));
        assertTrue(e.getMessage().contains("minimal, low, medium, high"), e.getMessage());
    }

    /** The Gemini protocol, except that every answer is the given body. */
    private record CannedAnswer(String body) implements WireProtocol {
        private static final GeminiProtocol GEMINI = new GeminiProtocol();

        @Override
        public boolean handles(String method, String path) {
            return GEMINI.handles(method, path);
        }

        @Override
        public boolean authorized(Map<String, List<String>> headers, String query) {
            return GEMINI.authorized(headers, query);
        }

        @Override
        public Parsed parse(String path, byte[] body) throws BadRequest {
            return GEMINI.parse(path, body);
        }

        @Override
        public String render(Parsed request, ModelResponse response) {
            return body;
        }

        @Override
        public List<String> renderStream(Parsed request, ModelResponse response) {
            return List.of("data: " + body.replace("\n", "") + "\r\n\r\n");
        }

        @Override
        public String errorBody(int status, String type, String message) {
            return GEMINI.errorBody(status, type, message);
        }
    }
}
