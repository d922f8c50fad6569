package io.mirage.model.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.localserver.AnthropicMessagesProtocol;
import io.mirage.localserver.Fault;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;
import io.mirage.model.ModelName;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.UnknownModelException;
import io.mirage.model.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Anthropic model against a local server speaking the Messages API, through the real SDK. */
final class AnthropicModelTest {
    static final String KEY = "test-sentinel-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ToolDefinition> TOOLS = List.of(
            new ToolDefinition("list_messages", "List the inbox", "{\"type\":\"object\",\"properties\":{}}"),
            new ToolDefinition("read_message", "Read one message",
                    "{\"type\":\"object\",\"properties\":{\"message_id\":{\"type\":\"string\"}},\"required\":[\"message_id\"]}"));

    /** A backing model that always gives the same answer and remembers the last request it saw. */
    static final class Fixed implements Model {
        final ModelResponse answer;
        final AtomicReference<ModelRequest> seen = new AtomicReference<>();

        Fixed(ModelResponse answer) {
            this.answer = answer;
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public ModelResponse generate(ModelRequest request) {
            seen.set(request);
            return answer;
        }
    }

    static ModelSettings settings(String baseUrl, Integer maxOutputTokens, Integer thinkingBudget, boolean stream, Duration timeout) {
        return new ModelSettings(null, maxOutputTokens, null, thinkingBudget, baseUrl, null, timeout, stream, null, null, null, null, null, null);
    }

    private static Model model(String baseUrl, Integer maxOutputTokens, Integer thinkingBudget, boolean stream, Duration timeout) {
        return new AnthropicProvider().create(ModelName.parse("anthropic/claude-test"),
                new ModelContext(settings(baseUrl, maxOutputTokens, thinkingBudget, stream, timeout), Map.of("ANTHROPIC_API_KEY", KEY), Optional.empty()));
    }

    private static ModelRequest request(List<Message> messages) {
        return new ModelRequest("You are Wren, the email agent.", messages, TOOLS, 0x5eedL);
    }

    private static final ModelResponse TWO_READS = new ModelResponse("Reading both now.", "Both could matter.",
            List.of(new ToolCall("call_0", "read_message", "{\"message_id\":\"m1\"}"),
                    new ToolCall("call_1", "read_message", "{\"message_id\":\"m2\"}")),
            new Usage(120, 30, 0, 0), StopReason.TOOL_USE);

    private static JsonNode body(LocalServer.Received r) throws IOException {
        return JSON.readTree(r.body());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void generate_assemblesTextReasoningParallelCallsUsageAndStopReason(boolean stream) throws Exception {
        Fixed backing = new Fixed(TWO_READS);
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), backing, FaultPlan.none(), Duration.ZERO)) {
            ModelResponse r = model(server.baseUrl(), null, 1024, stream, null).generate(request(List.of(new Message.User("Go."))));
            assertEquals("Reading both now.", r.text());
            assertEquals("Both could matter.", r.reasoning());
            assertEquals(2, r.toolCalls().size());
            assertEquals("read_message", r.toolCalls().get(1).name());
            assertEquals("{\"message_id\":\"m2\"}", r.toolCalls().get(1).arguments());
            assertTrue(r.toolCalls().get(0).id().startsWith("toolu_"));
            assertEquals(StopReason.TOOL_USE, r.stopReason());
            assertEquals(30, r.usage().outputTokens());
            assertEquals(120, r.usage().inputTokens() + r.usage().cacheReadTokens() + r.usage().cacheWriteTokens());
            assertEquals(0x5eedL, backing.seen.get().seed(), "the seed went through metadata.user_id");
            assertEquals(stream, body(server.received().getFirst()).path("stream").asBoolean(false));
        }
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void thinking_comesBackAsReasoning_andTheNextRequestResendsTheSignedThinkingBlock(boolean stream) throws Exception {
        Fixed backing = new Fixed(TWO_READS);
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), backing, FaultPlan.none(), Duration.ZERO)) {
            Model model = model(server.baseUrl(), null, 2048, stream, null);
            List<Message> transcript = new ArrayList<>(List.of(new Message.User("Go.")));
            ModelResponse first = model.generate(request(transcript));
            assertEquals("Both could matter.", first.reasoning());
            transcript.add(first.toMessage());
            for (ToolCall call : first.toolCalls()) transcript.add(new Message.ToolResult(call.id(), call.name(), "mail text", false));
            // the server checks signatures and requires the thinking block: this call succeeding is the first check
            ModelResponse second = model.generate(request(transcript));
            assertEquals("Both could matter.", second.reasoning());

            JsonNode sent = body(server.received().get(1));
            assertEquals(2048, sent.at("/thinking/budget_tokens").asInt());
            JsonNode turn = sent.at("/messages/1/content");
            assertEquals("thinking", turn.at("/0/type").asText());
            assertEquals("Both could matter.", turn.at("/0/thinking").asText());
            assertFalse(turn.at("/0/signature").asText().isEmpty());
            assertEquals("text", turn.at("/1/type").asText());
            assertEquals(first.toolCalls().get(0).id(), turn.at("/2/id").asText());
            assertEquals(2, sent.at("/messages/2/content").size(), "both results in one user message");
            Message.Assistant seen = (Message.Assistant) backing.seen.get().messages().get(1);
            assertEquals("Both could matter.", seen.reasoning(), "the backing model sees the reasoning again");
            assertEquals("read_message", ((Message.ToolResult) backing.seen.get().messages().get(2)).toolName());
        }
    }

    @Test
    void thinkingTurnUnknownToTheModel_isRejectedByTheServer_likeTheApi() {
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), new Fixed(TWO_READS), FaultPlan.none(), Duration.ZERO)) {
            Model model = model(server.baseUrl(), null, 2048, false, null);
            // a turn this model never produced: its thinking has no signature to send
            List<Message> transcript = List.of(new Message.User("Go."), TWO_READS.toMessage(),
                    new Message.ToolResult("call_0", "read_message", "a", false), new Message.ToolResult("call_1", "read_message", "b", false));
            ModelException e = assertThrows(ModelException.class, () -> model.generate(request(transcript)));
            assertEquals(Kind.INVALID_REQUEST, e.kind());
            assertTrue(e.getMessage().contains("must start with a thinking block"), e.getMessage());
        }
    }

    @Test
    void requests_carryTheKeyInXApiKeyOnly_andParametersNeverHoldIt() throws Exception {
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), new Fixed(TWO_READS), FaultPlan.none(), Duration.ZERO)) {
            Model model = model(server.baseUrl(), null, null, false, null);
            model.generate(request(List.of(new Message.User("Go."))));
            LocalServer.Received r = server.received().getFirst();
            assertEquals("/v1/messages", r.path());
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(r.headers());
            assertEquals(List.of(KEY), headers.get("x-api-key"));
            assertFalse(headers.containsKey("authorization"));
            assertEquals(List.of("0"), headers.get("x-stainless-retry-count"));
            assertFalse(r.body().contains(KEY));
            assertFalse(model.parameters().toString().contains(KEY));
        }
    }

    @Test
    void parameters_areWhatWasSent_withMaxTokensRaisedAboveTheThinkingBudget() throws Exception {
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), new Fixed(TWO_READS), FaultPlan.none(), Duration.ZERO)) {
            Model model = model(server.baseUrl(), 1000, 4096, true, null);
            assertEquals(Map.of("model", "claude-test", "max_tokens", "5096", "thinking.type", "enabled",
                    "thinking.budget_tokens", "4096", "stream", "true"), model.parameters());
            model.generate(request(List.of(new Message.User("Go."))));
            JsonNode sent = body(server.received().getFirst());
            assertEquals(5096, sent.get("max_tokens").asInt());
            assertEquals(4096, sent.at("/thinking/budget_tokens").asInt());
            assertTrue(sent.get("stream").asBoolean());
            assertEquals(Map.of("model", "claude-test", "max_tokens", "4096", "stream", "false"),
                    model(server.baseUrl(), null, null, false, null).parameters(), "max_tokens defaults to 4096");
        }
    }

    @Test
    void repeatedSystemPrompt_isWrittenToTheCacheOnce_thenRead() throws Exception {
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), new Fixed(TWO_READS), FaultPlan.none(), Duration.ZERO)) {
            Model model = model(server.baseUrl(), null, null, false, null);
            Usage first = model.generate(request(List.of(new Message.User("Go.")))).usage();
            Usage second = model.generate(request(List.of(new Message.User("Go.")))).usage();
            assertTrue(first.cacheWriteTokens() > 0, first.toString());
            assertEquals(0, first.cacheReadTokens());
            assertEquals(first.cacheWriteTokens(), second.cacheReadTokens(), second.toString());
            assertEquals(0, second.cacheWriteTokens());
        }
    }

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        Map<Fault, Kind> expected = Map.of(Fault.RATE_LIMIT, Kind.RATE_LIMITED, Fault.SERVER_ERROR, Kind.TRANSIENT,
                Fault.OVERLOADED, Kind.TRANSIENT, Fault.MALFORMED_JSON, Kind.TRANSIENT, Fault.TRUNCATED, Kind.TRANSIENT,
                Fault.RESET, Kind.TRANSIENT, Fault.UNAUTHORIZED, Kind.AUTH, Fault.TIMEOUT, Kind.TRANSIENT);
        for (Fault fault : Fault.values()) {
            if (!expected.containsKey(fault)) continue;
            for (boolean stream : new boolean[] {false, true}) cases.add(Arguments.of(fault, stream, expected.get(fault)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} stream={1} -> {2}")
    @MethodSource("faults")
    void injectedFault_surfacesAsItsKind(Fault fault, boolean stream, Kind kind) {
        FaultPlan plan = FaultPlan.mixed(1.0, 1, List.of(fault), Duration.ofMillis(10), Duration.ofSeconds(3));
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), new Fixed(TWO_READS), plan, Duration.ZERO)) {
            Model model = model(server.baseUrl(), null, null, stream, Duration.ofMillis(500));
            ModelException e = assertThrows(ModelException.class, () -> model.generate(request(List.of(new Message.User("Go.")))));
            assertEquals(kind, e.kind(), e.getMessage());
            assertEquals(1, server.received().size(), "one attempt: the SDK's retries are off");
            if (fault == Fault.RATE_LIMIT) assertEquals(Optional.of(Duration.ofSeconds(1)), e.retryAfter());
            if (fault == Fault.OVERLOADED) assertTrue(e.getMessage().contains("529 overloaded_error"), e.getMessage());
            assertFalse(e.getMessage().contains(KEY));
        }
    }

    @Test
    void providerRefusal_isAnInvalidRequestCarryingTheProvidersMessage() {
        Model failing = new Model() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public ModelResponse generate(ModelRequest request) throws ModelException {
                throw new ModelException("prompt is too long: 210000 tokens > 200000 maximum", false);
            }
        };
        try (LocalServer server = LocalServer.start(new AnthropicMessagesProtocol(), failing, FaultPlan.none(), Duration.ZERO)) {
            ModelException e = assertThrows(ModelException.class,
                    () -> model(server.baseUrl(), null, null, false, null).generate(request(List.of(new Message.User("Go.")))));
            assertEquals(Kind.INVALID_REQUEST, e.kind());
            assertTrue(e.getMessage().contains("400 invalid_request_error"), e.getMessage());
            assertTrue(e.getMessage().contains("prompt is too long"), e.getMessage());
        }
    }

    @Test
    void settingsTheApiWouldRefuse_failWhenTheModelIsCreated() {
        ModelContext thinLowBudget = new ModelContext(settings(null, null, 512, false, null), Map.of("ANTHROPIC_API_KEY", KEY), Optional.empty());
        assertTrue(assertThrows(UnknownModelException.class, () -> new AnthropicProvider().create(ModelName.parse("anthropic/x"), thinLowBudget))
                .getMessage().contains("at least 1024"));
        ModelContext hotThinking = new ModelContext(new ModelSettings(0.2, null, null, 2048, null, null, null, null, null, null, null, null, null, null),
                Map.of("ANTHROPIC_API_KEY", KEY), Optional.empty());
        assertThrows(UnknownModelException.class, () -> new AnthropicProvider().create(ModelName.parse("anthropic/x"), hotThinking));
        ModelContext fine = new ModelContext(ModelSettings.DEFAULTS, Map.of("ANTHROPIC_API_KEY", KEY), Optional.empty());
        assertThrows(UnknownModelException.class, () -> new AnthropicProvider().create(ModelName.parse("anthropic/x?temperature=1"), fine));
    }
}
