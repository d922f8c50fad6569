package io.mirage.model.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.localserver.GeminiProtocol;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class GeminiProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1beta/models/gemini-2.5-flash:generateContent";
    private final GeminiProtocol protocol = new GeminiProtocol();

    private WireProtocol.Parsed parse(String path, String body) throws WireProtocol.BadRequest {
        return protocol.parse(path, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parse_readsSystemConversationToolsAndSeed_lookingUpToolNamesByCallId() throws Exception {
        WireProtocol.Parsed parsed = parse("/v1beta/models/gemini-2.5-flash:streamGenerateContent", """
                {"systemInstruction":{"parts":[{"text":"You are Wren."}]},
                 "contents":[
                   {"role":"user","parts":[{"text":"Check the inbox."}]},
                   {"role":"model","parts":[{"text":"Hm.","thought":true},{"text":"Reading."},
                     {"functionCall":{"name":"list_messages","args":{}},"thoughtSignature":"c2ln"},
                     {"functionCall":{"id":"fc-1","name":"read_message","args":{"message_id":"m1"}}}]},
                   {"role":"user","parts":[
                     {"functionResponse":{"name":"list_messages","response":{"result":"[]"}}},
                     {"functionResponse":{"id":"fc-1","response":{"error":"no such message"}}}]}],
                 "tools":[{"functionDeclarations":[{"name":"read_message","description":"Reads one.","parametersJsonSchema":{"type":"object"}}]}],
                 "generationConfig":{"seed":-7,"temperature":0.2}}
                """);
        assertTrue(parsed.stream());
        assertEquals("gemini-2.5-flash", parsed.model());
        assertEquals(new ModelRequest("You are Wren.", List.of(
                new Message.User("Check the inbox."),
                new Message.Assistant("Reading.", "Hm.", List.of(new ToolCall("call_0_0", "list_messages", "{}"),
                        new ToolCall("fc-1", "read_message", "{\"message_id\":\"m1\"}"))),
                new Message.ToolResult(null, "list_messages", "[]", false),
                new Message.ToolResult("fc-1", "read_message", "no such message", true)),
                List.of(new ToolDefinition("read_message", "Reads one.", "{\"type\":\"object\"}")), -7), parsed.request());
    }

    @Test
    void parse_rejectsWhatGeminiRejects() {
        assertThrows(WireProtocol.BadRequest.class, () -> parse(PATH, "{not json"));
        assertThrows(WireProtocol.BadRequest.class, () -> parse(PATH, "{\"contents\":[]}"));
        assertThrows(WireProtocol.BadRequest.class, () -> parse(PATH, "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]}"));
    }

    private static final ModelResponse ANSWER = new ModelResponse("Reading both.", "Two look urgent, eight chars more.",
            List.of(new ToolCall("call_0", "read_message", "{\"message_id\":\"m1\"}"), new ToolCall("call_1", "read_message", "{\"message_id\":\"m2\"}")),
            new Usage(120, 40, 16, 0), StopReason.TOOL_USE);

    @Test
    void render_isAGenerateContentResponse_withThoughtTextCallsSignatureFinishAndUsage() throws Exception {
        JsonNode body = JSON.readTree(protocol.render(parse(PATH, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"), ANSWER));
        JsonNode candidate = body.get("candidates").get(0);
        assertEquals(0, candidate.get("index").asInt());
        assertEquals("STOP", candidate.get("finishReason").asText());
        assertEquals("model", candidate.get("content").get("role").asText());
        JsonNode parts = candidate.get("content").get("parts");
        assertEquals(4, parts.size());
        assertEquals("Two look urgent, eight chars more.", parts.get(0).get("text").asText());
        assertTrue(parts.get(0).get("thought").asBoolean());
        assertEquals("Reading both.", parts.get(1).get("text").asText());
        assertFalse(parts.get(1).has("thought"));
        assertEquals(JSON.readTree("{\"name\":\"read_message\",\"args\":{\"message_id\":\"m1\"}}"), parts.get(2).get("functionCall"));
        assertTrue(parts.get(2).has("thoughtSignature"), "the first call carries the signature");
        assertFalse(parts.get(3).has("thoughtSignature"));
        assertEquals(JSON.readTree("{\"promptTokenCount\":120,\"candidatesTokenCount\":31,\"totalTokenCount\":160,\"thoughtsTokenCount\":9,\"cachedContentTokenCount\":16}"),
                body.get("usageMetadata"));
        assertEquals("gemini-2.5-flash", body.get("modelVersion").asText());
        assertFalse(body.get("responseId").asText().isEmpty());
    }

    @Test
    void render_argumentsThatAreNotAnObject_areAMalformedFunctionCall() throws Exception {
        ModelResponse malformed = new ModelResponse("", "", List.of(new ToolCall("c0", "read_message", "{\"message_id\": ")), null, StopReason.TOOL_USE);
        JsonNode candidate = JSON.readTree(protocol.render(parse(PATH, "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}"), malformed)).get("candidates").get(0);
        assertEquals("MALFORMED_FUNCTION_CALL", candidate.get("finishReason").asText());
        assertFalse(candidate.toString().contains("functionCall"));
    }

    @Test
    void renderStream_isSseOfResponseChunks_endingWithFinishAndUsage() throws Exception {
        List<String> events = protocol.renderStream(parse(PATH.replace("generateContent", "streamGenerateContent"),
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}"), ANSWER);
        assertTrue(events.size() >= 4);
        StringBuilder text = new StringBuilder();
        int calls = 0;
        for (int i = 0; i < events.size(); i++) {
            String event = events.get(i);
            assertTrue(event.startsWith("data: ") && event.endsWith("\r\n\r\n"), event);
            JsonNode chunk = JSON.readTree(event.substring(6));
            JsonNode candidate = chunk.get("candidates").get(0);
            boolean last = i == events.size() - 1;
            assertEquals(last, candidate.has("finishReason"), "only the last chunk finishes");
            assertEquals(last, chunk.has("usageMetadata"));
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.has("text") && !part.has("thought")) text.append(part.get("text").asText());
                if (part.has("functionCall")) calls++;
            }
        }
        assertEquals("Reading both.", text.toString());
        assertEquals(2, calls);
    }

    @Test
    void errors_areGoogleShaped() throws Exception {
        assertEquals(JSON.readTree("{\"error\":{\"code\":429,\"message\":\"slow down\",\"status\":\"RESOURCE_EXHAUSTED\"}}"),
                JSON.readTree(protocol.errorBody(429, "rate_limit", "slow down")));
        Map<String, String> statuses = Map.of("server", "INTERNAL", "overloaded", "UNAVAILABLE", "auth", "UNAUTHENTICATED",
                "invalid_request", "INVALID_ARGUMENT", "not_found", "NOT_FOUND");
        for (var e : statuses.entrySet()) {
            assertEquals(e.getValue(), JSON.readTree(protocol.errorBody(400, e.getKey(), "m")).get("error").get("status").asText());
        }
        assertEquals(503, protocol.overloadedStatus());
    }

    @Test
    void authorizedAndHandled_asTheGeminiApiDoes() {
        assertTrue(protocol.authorized(Map.of("X-goog-api-key", List.of("k")), null));
        assertTrue(protocol.authorized(Map.of(), "alt=sse&key=k"));
        assertFalse(protocol.authorized(Map.of("Authorization", List.of("Bearer k")), "alt=sse"));
        assertFalse(protocol.authorized(Map.of("x-goog-api-key", List.of(" ")), null));
        assertTrue(protocol.handles("POST", PATH));
        assertTrue(protocol.handles("POST", "/v1beta/models/gemini-2.5-flash:streamGenerateContent"));
        assertFalse(protocol.handles("GET", PATH));
        assertFalse(protocol.handles("POST", "/v1/models/gemini-2.5-flash:generateContent"));
        assertFalse(protocol.handles("POST", "/v1beta/models/gemini-2.5-flash:countTokens"));
    }
}
