package io.mirage.model.anthropic;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import io.mirage.model.Message.Assistant;
import io.mirage.model.Message.ToolResult;
import io.mirage.model.Message.User;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class AnthropicConverterTest {
    private static final List<ToolDefinition> TOOLS = List.of(
            new ToolDefinition("list_messages", "List the inbox", "{\"type\":\"object\",\"properties\":{}}"),
            new ToolDefinition("read_message", "Read one message",
                    "{\"type\":\"object\",\"properties\":{\"message_id\":{\"type\":\"string\"}},\"required\":[\"message_id\"],\"additionalProperties\":false}"));
    private static final RequestSettings PLAIN = RequestSettings.of("anthropic/claude-test", "claude-test", ModelSettings.DEFAULTS);

    private static JsonNode body(MessageCreateParams params) {
        return ObjectMappers.jsonMapper().valueToTree(params._body());
    }

    private static JsonNode body(ModelRequest request, RequestSettings settings) {
        return body(AnthropicConverter.params(request, settings, turn -> Optional.empty()));
    }

    private static Message message(String json) throws IOException {
        return ObjectMappers.jsonMapper().readValue(json, Message.class);
    }

    private static ModelRequest conversation() {
        return new ModelRequest("You are Wren.", List.of(
                new User("Please handle today's mail."),
                new Assistant("", "Start with the inbox.", List.of(new ToolCall("toolu_a", "list_messages", "{}"))),
                new ToolResult("toolu_a", "list_messages", "[{\"id\":\"m1\"},{\"id\":\"m2\"}]", false),
                new Assistant("Reading both.", "Read everything.", List.of(
                        new ToolCall("toolu_b", "read_message", "{\"message_id\":\"m1\"}"),
                        new ToolCall("toolu_c", "read_message", "{\"message_id\":\"m2\"}"))),
                new ToolResult("toolu_b", "read_message", "Hello", false),
                new ToolResult("toolu_c", "read_message", "no such message", true)), TOOLS, -2L);
    }

    @Test
    void params_sendModelMaxTokensSystemAndTools_withCacheBreakpointsOnTheStaticPrefix() {
        JsonNode body = body(conversation(), PLAIN);
        assertEquals("claude-test", body.get("model").asText());
        assertEquals(4096, body.get("max_tokens").asLong());
        assertFalse(body.has("temperature"));
        assertFalse(body.has("thinking"));
        assertEquals("You are Wren.", body.at("/system/0/text").asText());
        assertEquals("ephemeral", body.at("/system/0/cache_control/type").asText());
        assertEquals("list_messages", body.at("/tools/0/name").asText());
        assertTrue(body.at("/tools/0/cache_control").isMissingNode(), "only the last tool is a breakpoint");
        assertEquals("ephemeral", body.at("/tools/1/cache_control/type").asText());
        assertEquals(false, body.at("/tools/1/input_schema/additionalProperties").asBoolean(true), "the schema goes as given");
        assertEquals("message_id", body.at("/tools/1/input_schema/required/0").asText());
        assertEquals("Please handle today's mail.", body.at("/messages/0/content/0/text").asText());
        assertEquals("ephemeral", body.at("/messages/0/content/0/cache_control/type").asText(), "the first user message ends the static prefix");
    }

    @Test
    void params_putARollingBreakpointOnTheNewestToolResult_only() {
        JsonNode messages = body(conversation(), PLAIN).get("messages");
        assertEquals("ephemeral", messages.at("/4/content/1/cache_control/type").asText(), "the conversation so far is cached for the next turn");
        assertTrue(messages.at("/4/content/0/cache_control").isMissingNode());
        assertTrue(messages.at("/2/content/0/cache_control").isMissingNode(), "older results carry none: four breakpoints at most");
    }

    @Test
    void params_sendTheSeedAsARolloutUserId() {
        assertEquals("mirage-rollout-fffffffffffffffe", body(conversation(), PLAIN).at("/metadata/user_id").asText());
        assertEquals("mirage-rollout-2a", AnthropicConverter.userId(42));
    }

    @Test
    void params_putParallelCallsInOneAssistantMessage_andTheirResultsInOneUserMessage() {
        JsonNode messages = body(conversation(), PLAIN).get("messages");
        assertEquals(5, messages.size());
        JsonNode turn = messages.get(3);
        assertEquals("assistant", turn.get("role").asText());
        assertEquals("text", turn.at("/content/0/type").asText());
        assertEquals("Reading both.", turn.at("/content/0/text").asText());
        assertEquals("tool_use", turn.at("/content/1/type").asText());
        assertEquals("toolu_b", turn.at("/content/1/id").asText());
        assertEquals("m1", turn.at("/content/1/input/message_id").asText());
        assertEquals("toolu_c", turn.at("/content/2/id").asText());
        JsonNode results = messages.get(4);
        assertEquals("user", results.get("role").asText());
        assertEquals(2, results.get("content").size());
        assertEquals("tool_result", results.at("/content/0/type").asText());
        assertEquals("toolu_b", results.at("/content/0/tool_use_id").asText());
        assertEquals("Hello", results.at("/content/0/content").asText());
        assertFalse(results.at("/content/0/is_error").asBoolean());
        assertTrue(results.at("/content/1/is_error").asBoolean());
        assertEquals(1, messages.get(2).get("content").size(), "a single result is a user message of its own");
    }

    @Test
    void params_leaveOutReasoningTheyCannotSign_andEmptyText() {
        JsonNode first = body(conversation(), PLAIN).at("/messages/1/content");
        assertEquals(1, first.size(), "no text block for empty text, no thinking without its signature");
        assertEquals("tool_use", first.at("/0/type").asText());
    }

    @Test
    void params_resendTheOriginalBlocksOfAThinkingTurn() throws IOException {
        Message answer = message("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-test","stop_reason":"tool_use","stop_sequence":null,
                 "content":[{"type":"thinking","thinking":"Start with the inbox.","signature":"SIG-1"},
                            {"type":"redacted_thinking","data":"ENCRYPTED"},
                            {"type":"tool_use","id":"toolu_a","name":"list_messages","input":{}}],
                 "usage":{"input_tokens":10,"output_tokens":5}}""");
        ModelResponse response = AnthropicConverter.response(answer);
        List<ContentBlockParam> original = AnthropicConverter.replayBlocks(answer).orElseThrow();
        ModelRequest next = new ModelRequest("sys", List.of(new User("go"), response.toMessage(),
                new ToolResult("toolu_a", "list_messages", "[]", false)), TOOLS, 1);
        JsonNode turn = body(AnthropicConverter.params(next, PLAIN,
                t -> t.equals(response.toMessage()) ? Optional.of(original) : Optional.empty())).at("/messages/1/content");
        assertEquals(3, turn.size());
        assertEquals("thinking", turn.at("/0/type").asText());
        assertEquals("Start with the inbox.", turn.at("/0/thinking").asText());
        assertEquals("SIG-1", turn.at("/0/signature").asText());
        assertEquals("redacted_thinking", turn.at("/1/type").asText());
        assertEquals("ENCRYPTED", turn.at("/1/data").asText());
        assertEquals("toolu_a", turn.at("/2/id").asText());
    }

    @Test
    void params_sendThinkingEffortAndTemperatureWhenSet() {
        RequestSettings thinking = RequestSettings.of("anthropic/x", "x", new ModelSettings(null, 8000, "high", 2048, null, null, null, true,
                null, null, null, null, null, null));
        JsonNode body = body(conversation(), thinking);
        assertEquals("enabled", body.at("/thinking/type").asText());
        assertEquals(2048, body.at("/thinking/budget_tokens").asInt());
        assertEquals(8000, body.get("max_tokens").asLong());
        assertEquals("high", body.at("/output_config/effort").asText());
        RequestSettings warm = RequestSettings.of("anthropic/x", "x", new ModelSettings(0.5, null, null, null, null, null, null, null,
                null, null, null, null, null, null));
        assertEquals(0.5, body(conversation(), warm).get("temperature").asDouble());
    }

    @Test
    void params_malformedToolArguments_goBackAsAnEmptyObject() {
        ModelRequest request = new ModelRequest("sys", List.of(new User("go"),
                new Assistant("", "", List.of(new ToolCall("toolu_x", "read_message", "{\"message_id\": ")))), TOOLS, 1);
        JsonNode input = body(request, PLAIN).at("/messages/1/content/0/input");
        assertTrue(input.isObject());
        assertEquals(0, input.size());
    }

    @Test
    void response_keepsTextReasoningAndEveryToolCallApart() throws IOException {
        ModelResponse r = AnthropicConverter.response(message("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-test","stop_reason":"tool_use","stop_sequence":null,
                 "content":[{"type":"thinking","thinking":"The COO is hiding something.","signature":"S"},
                            {"type":"redacted_thinking","data":"E"},
                            {"type":"text","text":"I will read "},{"type":"text","text":"both."},
                            {"type":"tool_use","id":"toolu_1","name":"read_message","input":{"message_id":"m1"}},
                            {"type":"tool_use","id":"toolu_2","name":"read_message","input":{"message_id":"m2","note":{"x":[1,2]}}}],
                 "usage":{"input_tokens":100,"output_tokens":20,"cache_creation_input_tokens":30,"cache_read_input_tokens":400}}"""));
        assertEquals("I will read both.", r.text());
        assertEquals("The COO is hiding something.\n\n" + AnthropicConverter.REDACTED_THINKING, r.reasoning());
        assertEquals(List.of(new ToolCall("toolu_1", "read_message", "{\"message_id\":\"m1\"}"),
                new ToolCall("toolu_2", "read_message", "{\"message_id\":\"m2\",\"note\":{\"x\":[1,2]}}")), r.toolCalls());
        assertEquals(new Usage(100, 20, 400, 30), r.usage());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
    }

    @Test
    void replayBlocks_onlyForAnswersWithThinking() throws IOException {
        assertTrue(AnthropicConverter.replayBlocks(message("""
                {"id":"m","type":"message","role":"assistant","model":"x","stop_reason":"end_turn","stop_sequence":null,
                 "content":[{"type":"text","text":"done"}],"usage":{"input_tokens":1,"output_tokens":1}}""")).isEmpty());
    }

    @Test
    void usage_withoutCacheFields_countsNoCacheTokens() throws IOException {
        assertEquals(new Usage(7, 3, 0, 0), AnthropicConverter.response(message("""
                {"id":"m","type":"message","role":"assistant","model":"x","stop_reason":"end_turn","stop_sequence":null,
                 "content":[{"type":"text","text":"done"}],"usage":{"input_tokens":7,"output_tokens":3}}""")).usage());
    }

    @Test
    void stopReasons_mapOntoTheClosedSet() {
        Map<String, StopReason> expected = Map.of("end_turn", StopReason.END_TURN, "stop_sequence", StopReason.END_TURN,
                "tool_use", StopReason.TOOL_USE, "max_tokens", StopReason.MAX_TOKENS,
                "model_context_window_exceeded", StopReason.MAX_TOKENS, "refusal", StopReason.CONTENT_FILTER,
                "pause_turn", StopReason.OTHER, "something_new", StopReason.OTHER);
        expected.forEach((wire, neutral) ->
                assertEquals(neutral, AnthropicConverter.stopReason(com.anthropic.models.messages.StopReason.of(wire)), wire));
        assertEquals(StopReason.OTHER, AnthropicConverter.stopReason(null));
    }
}
