package io.mirage.model.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.localserver.AnthropicMessagesProtocol;
import io.mirage.localserver.WireProtocol;
import io.mirage.model.Message;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.Usage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local server's side of the Messages API: what it reads from requests and the shapes it writes. */
final class AnthropicMessagesProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AnthropicMessagesProtocol protocol = new AnthropicMessagesProtocol();
    private static final ModelResponse ANSWER = new ModelResponse("Done.", "Think first.",
            List.of(new ToolCall("call_0", "read_message", "{\"message_id\":\"m1\"}")), new Usage(400, 12, 0, 0), StopReason.TOOL_USE);

    private WireProtocol.Parsed parse(String body) throws WireProtocol.BadRequest {
        return protocol.parse("/v1/messages", body.getBytes(StandardCharsets.UTF_8));
    }

    private WireProtocol.Parsed firstTurn(boolean thinking) throws WireProtocol.BadRequest {
        return parse("""
                {"model":"claude-test","max_tokens":4096,%s
                 "system":[{"type":"text","text":"You are Wren.","cache_control":{"type":"ephemeral"}}],
                 "metadata":{"user_id":"mirage-rollout-fffffffffffffffe"},
                 "tools":[{"name":"read_message","description":"Read","input_schema":{"type":"object","properties":{"message_id":{"type":"string"}}}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"Go."}]}]}""".formatted(
                thinking ? "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}," : ""));
    }

    @Test
    void parse_readsSystemToolsSeedAndStream() throws Exception {
        WireProtocol.Parsed p = firstTurn(false);
        ModelRequest r = p.request();
        assertEquals("You are Wren.", r.system());
        assertEquals(-2L, r.seed());
        assertEquals(List.of(new Message.User("Go.")), r.messages());
        assertEquals("read_message", r.tools().getFirst().name());
        assertEquals("string", JSON.readTree(r.tools().getFirst().parametersSchema()).at("/properties/message_id/type").asText());
        assertEquals("claude-test", p.model());
        assertFalse(p.stream());
    }

    @Test
    void parse_namesToolResultsAfterTheirCalls_andReadsSignedThinkingAsReasoning() throws Exception {
        JsonNode answer = JSON.readTree(protocol.render(firstTurn(true), ANSWER));
        JsonNode thinking = answer.at("/content/0");
        String id = answer.at("/content/2/id").asText();
        WireProtocol.Parsed next = parse("""
                {"model":"claude-test","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":1024},"system":"You are Wren.",
                 "messages":[{"role":"user","content":"Go."},
                             {"role":"assistant","content":[%s,{"type":"text","text":"Done."},
                                {"type":"tool_use","id":"%s","name":"read_message","input":{"message_id":"m1"}}]},
                             {"role":"user","content":[{"type":"tool_result","tool_use_id":"%s","content":"Hello","is_error":true}]}]}"""
                .formatted(thinking, id, id));
        assertEquals(List.of(new Message.User("Go."),
                new Message.Assistant("Done.", "Think first.", List.of(new ToolCall(id, "read_message", "{\"message_id\":\"m1\"}"))),
                new Message.ToolResult(id, "read_message", "Hello", true)), next.request().messages());
        assertEquals(0, next.request().seed(), "no rollout id, seed 0");
    }

    @Test
    void parse_rejectsAForgedSignature_andAThinkingTurnWithoutThinking_andResultsWithoutCalls() {
        String forged = """
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Go."},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"Think first.","signature":"Zm9yZ2Vk"}]}]}""";
        assertTrue(assertThrows(WireProtocol.BadRequest.class, () -> parse(forged)).getMessage().contains("Invalid `signature`"));
        String unsigned = """
                {"model":"m","max_tokens":10,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"Go."},
                 {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"read_message","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"x"}]}]}""";
        assertTrue(assertThrows(WireProtocol.BadRequest.class, () -> parse(unsigned)).getMessage().contains("must start with a thinking block"));
        String orphan = """
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"x"}]}]}""";
        assertTrue(assertThrows(WireProtocol.BadRequest.class, () -> parse(orphan)).getMessage().contains("toolu_9"));
        assertThrows(WireProtocol.BadRequest.class, () -> parse("{\"model\":\"m\",\"messages\":[]}"));
    }

    @Test
    void render_hasTheDocumentedMessageShape() throws Exception {
        JsonNode m = JSON.readTree(protocol.render(firstTurn(true), ANSWER));
        assertTrue(m.get("id").asText().startsWith("msg_"));
        assertEquals("message", m.get("type").asText());
        assertEquals("assistant", m.get("role").asText());
        assertEquals("claude-test", m.get("model").asText());
        assertEquals(List.of("thinking", "text", "tool_use"), m.get("content").findValuesAsText("type"));
        assertFalse(m.at("/content/0/signature").asText().isEmpty());
        assertTrue(m.at("/content/2/id").asText().startsWith("toolu_"));
        assertEquals("m1", m.at("/content/2/input/message_id").asText());
        assertEquals("tool_use", m.get("stop_reason").asText());
        assertTrue(m.get("stop_sequence").isNull());
        JsonNode usage = m.get("usage");
        assertEquals(12, usage.get("output_tokens").asLong());
        assertEquals(400, usage.get("input_tokens").asLong() + usage.get("cache_creation_input_tokens").asLong()
                + usage.get("cache_read_input_tokens").asLong());
        assertTrue(usage.get("cache_creation_input_tokens").asLong() > 0, "first sight of the system prompt writes the cache");
        assertEquals(List.of("text", "tool_use"), JSON.readTree(protocol.render(firstTurn(false), ANSWER)).get("content").findValuesAsText("type"),
                "no thinking unless the request enabled it");
    }

    @Test
    void renderStream_followsTheDocumentedEventSequence() throws Exception {
        List<String> events = protocol.renderStream(firstTurn(true), ANSWER);
        List<String> names = events.stream().map(e -> e.substring("event: ".length(), e.indexOf('\n'))).toList();
        assertEquals("message_start", names.getFirst());
        assertEquals(List.of("message_delta", "message_stop"), names.subList(names.size() - 2, names.size()));
        assertEquals(3, names.stream().filter("content_block_start"::equals).count());
        assertEquals(3, names.stream().filter("content_block_stop"::equals).count());
        StringBuilder thinking = new StringBuilder(), partialJson = new StringBuilder();
        for (String e : events) {
            assertTrue(e.endsWith("\n\n"));
            JsonNode data = JSON.readTree(e.substring(e.indexOf("data: ") + 6));
            assertEquals(e.substring(7, e.indexOf('\n')), data.get("type").asText(), "event name and data type agree");
            thinking.append(data.at("/delta/thinking").asText(""));
            partialJson.append(data.at("/delta/partial_json").asText(""));
            if (data.get("type").asText().equals("message_delta")) {
                assertEquals("tool_use", data.at("/delta/stop_reason").asText());
                assertEquals(12, data.at("/usage/output_tokens").asLong());
            }
        }
        assertEquals("Think first.", thinking.toString());
        assertEquals("{\"message_id\":\"m1\"}", partialJson.toString());
        assertTrue(events.stream().anyMatch(e -> e.contains("signature_delta")));
    }

    @Test
    void errors_haveTheDocumentedShape_andOverloadedIs529() throws Exception {
        JsonNode e = JSON.readTree(protocol.errorBody(429, "rate_limit", "slow down"));
        assertEquals("error", e.get("type").asText());
        assertEquals("rate_limit_error", e.at("/error/type").asText());
        assertEquals("slow down", e.at("/error/message").asText());
        assertEquals("overloaded_error", JSON.readTree(protocol.errorBody(529, "overloaded", "x")).at("/error/type").asText());
        assertEquals("api_error", JSON.readTree(protocol.errorBody(500, "server", "x")).at("/error/type").asText());
        assertEquals("authentication_error", JSON.readTree(protocol.errorBody(401, "auth", "x")).at("/error/type").asText());
        assertEquals(529, protocol.overloadedStatus());
    }

    @Test
    void authorized_byXApiKeyOrBearer() {
        assertTrue(protocol.authorized(Map.of("X-api-key", List.of("k")), null));
        assertTrue(protocol.authorized(Map.of("Authorization", List.of("Bearer k")), null));
        assertFalse(protocol.authorized(Map.of("Authorization", List.of("Basic k")), null));
        assertFalse(protocol.authorized(Map.of(), null));
        assertTrue(protocol.handles("POST", "/v1/messages"));
        assertFalse(protocol.handles("POST", "/v1/chat/completions"));
    }
}
