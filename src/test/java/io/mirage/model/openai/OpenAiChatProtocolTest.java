package io.mirage.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.localserver.OpenAiChatProtocol;
import io.mirage.localserver.WireProtocol;
import io.mirage.model.Message;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local server's Chat Completions protocol: requests in, documented shapes out. */
final class OpenAiChatProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiChatProtocol protocol = new OpenAiChatProtocol();

    private static final ModelResponse TOOLS = new ModelResponse("", "I will read everything first, then decide.",
            List.of(new ToolCall("call_0", "read_message", "{\"message_id\":\"m1\"}"),
                    new ToolCall("call_1", "read_message", "{\"message_id\":\"m2\"}")),
            new Usage(900, 40, 100, 0), StopReason.TOOL_USE);

    private WireProtocol.Parsed parse(String json) throws WireProtocol.BadRequest {
        return protocol.parse("/v1/chat/completions", json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void handlesOnlyChatCompletions_andWantsABearerKey() {
        assertTrue(protocol.handles("POST", "/v1/chat/completions"));
        assertFalse(protocol.handles("GET", "/v1/chat/completions"));
        assertFalse(protocol.handles("POST", "/v1/responses"));
        assertTrue(protocol.authorized(Map.of("Authorization", List.of("Bearer sk-x")), null));
        assertTrue(protocol.authorized(Map.of("authorization", List.of("bearer not-needed")), null));
        assertFalse(protocol.authorized(Map.of("Authorization", List.of("Bearer  ")), null));
        assertFalse(protocol.authorized(Map.of("x-api-key", List.of("sk-x")), null));
        assertFalse(protocol.authorized(Map.of(), "key=sk-x"));
    }

    @Test
    void parse_readsSystemSeedToolsAndConversation_namingToolResultsFromTheirCalls() throws Exception {
        WireProtocol.Parsed parsed = parse("""
                {"model":"gpt-test","seed":-9007199254740993,"stream":false,
                 "messages":[
                  {"role":"system","content":"You are Wren."},
                  {"role":"developer","content":[{"type":"text","text":"Be brief."}]},
                  {"role":"user","content":[{"type":"text","text":"Handle "},{"type":"text","text":"the inbox."}]},
                  {"role":"assistant","content":null,"reasoning_content":"List first.","tool_calls":[
                    {"id":"call_0","type":"function","function":{"name":"list_messages","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_0","content":"[]"},
                  {"role":"assistant","content":"Reading.","tool_calls":[
                    {"id":"call_0","type":"function","function":{"name":"read_message","arguments":"{\\"message_id\\":\\"m1\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_0","content":"Error: no message with id m1"}],
                 "tools":[{"type":"function","function":{"name":"read_message","description":"Read one.",
                   "parameters":{"type":"object","properties":{"message_id":{"type":"string"}}}}}]}""");
        ModelRequest r = parsed.request();
        assertEquals("gpt-test", parsed.model());
        assertFalse(parsed.stream());
        assertEquals(-9007199254740993L, r.seed());
        assertEquals("You are Wren.\n\nBe brief.", r.system());
        assertEquals(List.of(
                new Message.User("Handle the inbox."),
                new Message.Assistant("", "List first.", List.of(new ToolCall("call_0", "list_messages", "{}"))),
                new Message.ToolResult("call_0", "list_messages", "[]", false),
                new Message.Assistant("Reading.", "", List.of(new ToolCall("call_0", "read_message", "{\"message_id\":\"m1\"}"))),
                new Message.ToolResult("call_0", "read_message", "Error: no message with id m1", true)), r.messages(),
                "a reused call id names the tool of the latest call");
        assertEquals(List.of(new ToolDefinition("read_message", "Read one.",
                "{\"type\":\"object\",\"properties\":{\"message_id\":{\"type\":\"string\"}}}")), r.tools());
    }

    @Test
    void parse_rejectsWhatOpenAiRejects() {
        assertThrows(WireProtocol.BadRequest.class, () -> parse("{not json"));
        assertThrows(WireProtocol.BadRequest.class, () -> parse("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertThrows(WireProtocol.BadRequest.class, () -> parse("{\"model\":\"m\",\"messages\":[]}"));
        assertThrows(WireProtocol.BadRequest.class, () -> parse("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"nope\",\"content\":\"x\"}]}"));
        assertThrows(WireProtocol.BadRequest.class, () -> parse("{\"model\":\"m\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"));
    }

    @Test
    void render_isAChatCompletion_withReasoningContent_toolCalls_andCachedTokens() throws Exception {
        JsonNode c = json(protocol.render(parse("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), TOOLS));
        assertEquals("chat.completion", c.get("object").asText());
        assertTrue(c.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("gpt-test", c.get("model").asText());
        assertTrue(c.get("created").asLong() > 1_700_000_000L);
        JsonNode choice = c.get("choices").get(0);
        assertEquals(0, choice.get("index").asInt());
        assertEquals("tool_calls", choice.get("finish_reason").asText());
        JsonNode message = choice.get("message");
        assertEquals("assistant", message.get("role").asText());
        assertTrue(message.get("content").isNull());
        assertEquals("I will read everything first, then decide.", message.get("reasoning_content").asText());
        JsonNode call = message.get("tool_calls").get(1);
        assertEquals("call_1", call.get("id").asText());
        assertEquals("function", call.get("type").asText());
        assertEquals("read_message", call.at("/function/name").asText());
        assertTrue(call.at("/function/arguments").isTextual(), "arguments are a JSON string");
        assertEquals("{\"message_id\":\"m2\"}", call.at("/function/arguments").asText());
        JsonNode usage = c.get("usage");
        assertEquals(1000, usage.get("prompt_tokens").asLong(), "prompt tokens include the cached ones");
        assertEquals(40, usage.get("completion_tokens").asLong());
        assertEquals(1040, usage.get("total_tokens").asLong());
        assertEquals(100, usage.at("/prompt_tokens_details/cached_tokens").asLong());
    }

    @Test
    void render_ofAPlainAnswer_hasTextStop_andNoReasoningField() throws Exception {
        ModelResponse answer = new ModelResponse("Done.", "", List.of(), new Usage(10, 2, 0, 0), StopReason.END_TURN);
        JsonNode message = json(protocol.render(parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), answer))
                .at("/choices/0");
        assertEquals("stop", message.get("finish_reason").asText());
        assertEquals("Done.", message.at("/message/content").asText());
        assertFalse(message.get("message").has("reasoning_content"));
        assertFalse(message.get("message").has("tool_calls"));
        ModelResponse cut = new ModelResponse("Half", "", List.of(), Usage.NONE, StopReason.MAX_TOKENS);
        assertEquals("length", json(protocol.render(parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), cut))
                .at("/choices/0/finish_reason").asText());
    }

    @Test
    void renderStream_followsTheDocumentedChunkSequence_withUsageLastWhenAskedFor() throws Exception {
        List<String> events = protocol.renderStream(parse("""
                {"model":"gpt-test","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"x"}]}"""), TOOLS);
        assertEquals("data: [DONE]\n\n", events.getLast());
        List<JsonNode> chunks = new ArrayList<>();
        for (String e : events.subList(0, events.size() - 1)) {
            assertTrue(e.startsWith("data: ") && e.endsWith("\n\n"), e);
            chunks.add(json(e.substring(6)));
        }
        assertTrue(chunks.stream().allMatch(c -> c.get("object").asText().equals("chat.completion.chunk")));
        assertEquals(1, chunks.stream().map(c -> c.get("id").asText()).distinct().count(), "one id for the whole stream");
        assertEquals("assistant", chunks.getFirst().at("/choices/0/delta/role").asText());

        StringBuilder reasoning = new StringBuilder();
        List<StringBuilder> arguments = List.of(new StringBuilder(), new StringBuilder());
        List<String> ids = new ArrayList<>();
        int reasoningPieces = 0;
        for (JsonNode c : chunks.subList(0, chunks.size() - 2)) {
            assertTrue(c.has("usage") && c.get("usage").isNull(), "usage: null on every other chunk");
            assertTrue(c.at("/choices/0/finish_reason").isNull());
            JsonNode delta = c.at("/choices/0/delta");
            if (delta.has("reasoning_content")) {
                reasoning.append(delta.get("reasoning_content").asText());
                reasoningPieces++;
            }
            for (JsonNode call : delta.path("tool_calls")) {
                if (call.has("id")) {
                    ids.add(call.get("id").asText() + ":" + call.at("/function/name").asText() + ":" + call.get("type").asText());
                    assertEquals("", call.at("/function/arguments").asText(), "the first delta of a call names it");
                } else {
                    arguments.get(call.get("index").asInt()).append(call.at("/function/arguments").asText());
                }
            }
        }
        assertTrue(reasoningPieces > 1, "reasoning comes in pieces");
        assertEquals(TOOLS.reasoning(), reasoning.toString());
        assertEquals(List.of("call_0:read_message:function", "call_1:read_message:function"), ids);
        assertEquals("{\"message_id\":\"m1\"}", arguments.get(0).toString());
        assertEquals("{\"message_id\":\"m2\"}", arguments.get(1).toString());

        JsonNode finish = chunks.get(chunks.size() - 2);
        assertEquals("tool_calls", finish.at("/choices/0/finish_reason").asText());
        assertTrue(finish.at("/choices/0/delta").isEmpty());
        JsonNode usage = chunks.getLast();
        assertTrue(usage.get("choices").isEmpty());
        assertEquals(100, usage.at("/usage/prompt_tokens_details/cached_tokens").asLong());
        assertEquals(40, usage.at("/usage/completion_tokens").asLong());
    }

    @Test
    void renderStream_withoutIncludeUsage_sendsNoUsage() throws Exception {
        List<String> events = protocol.renderStream(parse("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                new ModelResponse("Done.", "", List.of(), new Usage(10, 2, 0, 0), StopReason.END_TURN));
        assertTrue(events.stream().noneMatch(e -> e.contains("\"usage\"")));
        assertEquals("stop", json(events.get(events.size() - 2).substring(6)).at("/choices/0/finish_reason").asText());
    }

    @Test
    void errorBodies_haveOpenAisShape() {
        JsonNode rate = json(protocol.errorBody(429, "rate_limit", "Rate limit reached")).get("error");
        assertEquals("Rate limit reached", rate.get("message").asText());
        assertEquals("requests", rate.get("type").asText());
        assertEquals("rate_limit_exceeded", rate.get("code").asText());
        assertTrue(rate.has("param") && rate.get("param").isNull());
        assertEquals("invalid_api_key", json(protocol.errorBody(401, "auth", "Incorrect API key provided")).at("/error/code").asText());
        assertEquals("server_error", json(protocol.errorBody(503, "overloaded", "overloaded")).at("/error/type").asText());
        assertEquals("invalid_request_error", json(protocol.errorBody(400, "invalid_request", "bad")).at("/error/type").asText());
        assertEquals(503, protocol.overloadedStatus());
    }
}
