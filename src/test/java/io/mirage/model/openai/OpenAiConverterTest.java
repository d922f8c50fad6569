package io.mirage.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.mirage.model.Message;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class OpenAiConverterTest {
    private static final ChatOptions PLAIN = new ChatOptions("gpt-test", null, null, null, false);

    private static final ModelRequest CONVERSATION = new ModelRequest("You are Wren.", List.of(
            new Message.User("Handle the inbox."),
            new Message.Assistant("", "I should list the inbox.", List.of(new ToolCall("call_0", "list_messages", "{}"))),
            new Message.ToolResult("call_0", "list_messages", "[{\"id\":\"m1\"}]", false),
            new Message.Assistant("Reading both.", "Read everything first.", List.of(
                    new ToolCall("call_0", "read_message", "{\"message_id\":\"m1\"}"),
                    new ToolCall("call_1", "read_message", "{\"message_id\": \"m9\" }"))),
            new Message.ToolResult("call_0", "read_message", "From: ceo", false),
            new Message.ToolResult("call_1", "read_message", "no message with id m9", true)),
            List.of(new ToolDefinition("read_message", "Read one message.",
                    "{\"type\":\"object\",\"properties\":{\"message_id\":{\"type\":\"string\"}},\"required\":[\"message_id\"]}")),
            -8_000_000_000L);

    private static JsonNode body(ModelRequest request, ChatOptions options) {
        return ObjectMappers.jsonMapper().valueToTree(OpenAiConverter.toParams(request, options)._body());
    }

    @Test
    void toParams_sendsSystemMessagesToolsAndSeed_andToolCallsExactly() {
        JsonNode body = body(CONVERSATION, PLAIN);
        assertEquals("gpt-test", body.get("model").asText());
        assertEquals(-8_000_000_000L, body.get("seed").asLong());
        JsonNode messages = body.get("messages");
        assertEquals(List.of("system", "user", "assistant", "tool", "assistant", "tool", "tool"),
                messages.findValuesAsText("role"));
        assertEquals("You are Wren.", messages.get(0).get("content").asText());
        JsonNode parallel = messages.get(4);
        assertEquals("Reading both.", parallel.get("content").asText());
        assertEquals(2, parallel.get("tool_calls").size());
        JsonNode second = parallel.get("tool_calls").get(1);
        assertEquals("call_1", second.get("id").asText());
        assertEquals("function", second.get("type").asText());
        assertEquals("read_message", second.get("function").get("name").asText());
        assertEquals("{\"message_id\": \"m9\" }", second.get("function").get("arguments").asText(), "arguments as the model wrote them");
        assertEquals("call_1", messages.get(6).get("tool_call_id").asText());
        JsonNode tool = body.get("tools").get(0);
        assertEquals("function", tool.get("type").asText());
        assertEquals("read_message", tool.get("function").get("name").asText());
        assertEquals("Read one message.", tool.get("function").get("description").asText());
        assertEquals("string", tool.get("function").get("parameters").at("/properties/message_id/type").asText());
        assertEquals("message_id", tool.get("function").get("parameters").at("/required/0").asText());
    }

    @Test
    void toParams_dropsReasoning_andLeavesContentOutOfAToolOnlyTurn() {
        JsonNode assistant = body(CONVERSATION, PLAIN).get("messages").get(2);
        assertFalse(assistant.has("reasoning_content") || assistant.has("reasoning"));
        assertFalse(assistant.has("content"));
        assertFalse(body(CONVERSATION, PLAIN).toString().contains("I should list the inbox"));
    }

    @Test
    void toParams_marksToolErrorsInTheText_sinceTheWireHasNoErrorFlag() {
        JsonNode messages = body(CONVERSATION, PLAIN).get("messages");
        assertEquals("From: ceo", messages.get(5).get("content").asText());
        assertEquals("Error: no message with id m9", messages.get(6).get("content").asText());
        ModelRequest alreadyMarked = new ModelRequest("", List.of(new Message.User("x"),
                new Message.Assistant("", "", List.of(new ToolCall("c", "t", "{}"))),
                new Message.ToolResult("c", "t", "Error: unknown tool t", true)), List.of(), 1);
        assertEquals("Error: unknown tool t", body(alreadyMarked, PLAIN).get("messages").get(2).get("content").asText());
    }

    @Test
    void toParams_sendsSettingsOnlyWhenSet() {
        JsonNode plain = body(CONVERSATION, PLAIN);
        for (String field : List.of("temperature", "max_completion_tokens", "max_tokens", "reasoning_effort", "stream_options")) {
            assertFalse(plain.has(field), field);
        }
        JsonNode set = body(CONVERSATION, new ChatOptions("o4-mini", 0.7, 2048, "high", true));
        assertEquals(0.7, set.get("temperature").asDouble());
        assertEquals(2048, set.get("max_completion_tokens").asInt());
        assertEquals("high", set.get("reasoning_effort").asText());
        assertTrue(set.get("stream_options").get("include_usage").asBoolean());
    }

    @Test
    void toParams_omitsABlankSystemPrompt() {
        ModelRequest request = new ModelRequest(" ", List.of(new Message.User("hi")), List.of(), 0);
        assertEquals(List.of("user"), body(request, PLAIN).get("messages").findValuesAsText("role"));
    }

    @Test
    void chatOptions_describeUsesWireNames_andOnlyWhatIsSet() {
        assertEquals("{model=o4-mini, temperature=0.2, max_completion_tokens=512, reasoning_effort=low, stream=true}",
                new ChatOptions("o4-mini", 0.2, 512, "low", true).describe().toString());
        assertEquals("{model=gpt-test, stream=false}", PLAIN.describe().toString());
    }

    static ChatCompletion completion(String json) {
        try {
            return ObjectMappers.jsonMapper().readValue(json, ChatCompletion.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String completionJson(String message, String finish, String usage) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1764200000,"model":"m",
                 "choices":[{"index":0,"message":%s,"logprobs":null,"finish_reason":"%s"}],"usage":%s}""".formatted(message, finish, usage);
    }

    private static final String USAGE = """
            {"prompt_tokens":1200,"completion_tokens":80,"total_tokens":1280,
             "prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":64}}""";

    @Test
    void fromCompletion_readsParallelToolCalls_reasoningContent_andUsageWithCacheReads() throws ModelException {
        ModelResponse r = OpenAiConverter.fromCompletion(completion(completionJson("""
                {"role":"assistant","content":null,"reasoning_content":"Both messages matter.","tool_calls":[
                  {"id":"call_a","type":"function","function":{"name":"read_message","arguments":"{\\"message_id\\":\\"m1\\"}"}},
                  {"id":"call_b","type":"function","function":{"name":"read_message","arguments":"{\\"message_id\\":"}}]}""",
                "tool_calls", USAGE)));
        assertEquals("", r.text());
        assertEquals("Both messages matter.", r.reasoning());
        assertEquals(List.of(new ToolCall("call_a", "read_message", "{\"message_id\":\"m1\"}"),
                new ToolCall("call_b", "read_message", "{\"message_id\":")), r.toolCalls(), "malformed arguments kept as written");
        assertEquals(new Usage(176, 80, 1024, 0), r.usage(), "input counts the uncached prompt tokens only");
        assertEquals(StopReason.TOOL_USE, r.stopReason());
    }

    @Test
    void fromCompletion_readsTheReasoningFieldOpenRouterUses_andKeepsTextApart() throws ModelException {
        ModelResponse r = OpenAiConverter.fromCompletion(completion(completionJson(
                "{\"role\":\"assistant\",\"content\":\"Done.\",\"reasoning\":\"Short and polite.\"}", "stop",
                "{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}")));
        assertEquals("Done.", r.text());
        assertEquals("Short and polite.", r.reasoning());
        assertEquals(new Usage(10, 2, 0, 0), r.usage());
        assertEquals(StopReason.END_TURN, r.stopReason());
    }

    @Test
    void fromCompletion_withoutUsageOrReasoning_givesNone() throws ModelException {
        ModelResponse r = OpenAiConverter.fromCompletion(completion("""
                {"id":"x","object":"chat.completion","created":1,"model":"m",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}"""));
        assertEquals(Usage.NONE, r.usage());
        assertEquals("", r.reasoning());
    }

    @Test
    void fromCompletion_givesARefusalAsText() throws ModelException {
        ModelResponse r = OpenAiConverter.fromCompletion(completion(completionJson(
                "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"}", "stop", USAGE)));
        assertEquals("I can't help with that.", r.text());
    }

    @Test
    void fromCompletion_withNoChoices_isTransient() {
        ModelException e = assertThrows(ModelException.class, () -> OpenAiConverter.fromCompletion(completion(
                "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[]}")));
        assertEquals(ModelException.Kind.TRANSIENT, e.kind());
    }

    @Test
    void stopReasons_mapOntoTheClosedSet() {
        assertEquals(StopReason.END_TURN, OpenAiConverter.stopReason("stop", false));
        assertEquals(StopReason.TOOL_USE, OpenAiConverter.stopReason("stop", true));
        assertEquals(StopReason.TOOL_USE, OpenAiConverter.stopReason("tool_calls", true));
        assertEquals(StopReason.TOOL_USE, OpenAiConverter.stopReason("function_call", true));
        assertEquals(StopReason.MAX_TOKENS, OpenAiConverter.stopReason("length", false));
        assertEquals(StopReason.CONTENT_FILTER, OpenAiConverter.stopReason("content_filter", false));
        assertEquals(StopReason.OTHER, OpenAiConverter.stopReason("eos", false));
        assertEquals(StopReason.OTHER, OpenAiConverter.stopReason("", false));
    }

    static List<ChatCompletionChunk> chunks(String... deltasAndTails) {
        List<ChatCompletionChunk> out = new ArrayList<>();
        for (String json : deltasAndTails) {
            try {
                out.add(ObjectMappers.jsonMapper().readValue(json, ChatCompletionChunk.class));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static String delta(String delta) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":"
                + delta + ",\"finish_reason\":null}]}";
    }

    private static String finish(String reason) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\""
                + reason + "\"}]}";
    }

    private static final String USAGE_CHUNK = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":"
            + USAGE + "}";

    @Test
    void fromChunks_joinsReasoningPieces_textPieces_andToolCallFragments() throws ModelException {
        ModelResponse r = OpenAiConverter.fromChunks(chunks(
                delta("{\"role\":\"assistant\",\"content\":\"\"}"),
                delta("{\"reasoning_content\":\"I am about \"}"),
                delta("{\"reasoning_content\":\"to be replaced.\"}"),
                delta("{\"content\":\"Writing \"}"),
                delta("{\"content\":\"now.\"}"),
                delta("{\"tool_calls\":[{\"index\":0,\"id\":\"call_0\",\"type\":\"function\",\"function\":{\"name\":\"send_message\",\"arguments\":\"\"}}]}"),
                delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"to\\\":[\\\"ceo@\"}}]}"),
                delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"x.com\\\"]}\"}}]}"),
                delta("{\"tool_calls\":[{\"index\":1,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"list_messages\",\"arguments\":\"{}\"}}]}"),
                finish("tool_calls"),
                USAGE_CHUNK).iterator());
        assertEquals("I am about to be replaced.", r.reasoning());
        assertEquals("Writing now.", r.text());
        assertEquals(List.of(new ToolCall("call_0", "send_message", "{\"to\":[\"ceo@x.com\"]}"), new ToolCall("call_1", "list_messages", "{}")),
                r.toolCalls());
        assertEquals(new Usage(176, 80, 1024, 0), r.usage());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
    }

    @Test
    void fromChunks_fromAServerThatSendsNoUsage_givesNoUsage() throws ModelException {
        ModelResponse r = OpenAiConverter.fromChunks(chunks(delta("{\"role\":\"assistant\",\"content\":\"Hi\"}"), finish("stop")).iterator());
        assertEquals("Hi", r.text());
        assertEquals(Usage.NONE, r.usage());
        assertEquals(StopReason.END_TURN, r.stopReason());
    }

    @Test
    void fromCompletion_toolCallWithoutAnId_getsOne() throws ModelException {
        ModelResponse r = OpenAiConverter.fromCompletion(completion(completionJson("""
                {"role":"assistant","content":"","tool_calls":[{"type":"function","function":{"name":"list_messages","arguments":"{}"}}]}""",
                "tool_calls", USAGE)));
        assertEquals(List.of(new ToolCall("call_0", "list_messages", "{}")), r.toolCalls());
    }

    @Test
    void fromChunks_endingBeforeTheFinishReason_isTransient() {
        ModelException e = assertThrows(ModelException.class, () -> OpenAiConverter.fromChunks(chunks(
                delta("{\"role\":\"assistant\",\"content\":\"\"}"), delta("{\"content\":\"Half an ans\"}")).iterator()));
        assertEquals(ModelException.Kind.TRANSIENT, e.kind());
        assertThrows(ModelException.class, () -> OpenAiConverter.fromChunks(List.<ChatCompletionChunk>of().iterator()));
    }
}
