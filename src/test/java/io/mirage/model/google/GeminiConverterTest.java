package io.mirage.model.google;

import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
import io.mirage.model.Message;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class GeminiConverterTest {
    private static final List<Message> CONVERSATION = List.of(
            new Message.User("Check the inbox."),
            new Message.Assistant("Reading.", "Two look urgent.", List.of(
                    new ToolCall("call_1_0", "read_message", "{\"message_id\":\"m1\"}"),
                    new ToolCall("fc-7", "read_message", "{\"message_id\":\"m2\"}"))),
            new Message.ToolResult("call_1_0", "read_message", "{\"body\":\"hi\"}", false),
            new Message.ToolResult("fc-7", "read_message", "no such message", true),
            new Message.User("Go on."));

    @Test
    void seed_isFoldedToInt32_deterministically() {
        assertEquals(3, GeminiConverter.seed(0x0000_0001_0000_0002L));
        assertEquals(0, GeminiConverter.seed(0));
        assertEquals(Integer.MIN_VALUE, GeminiConverter.seed(0x8000_0000_0000_0000L));
        assertEquals(0, GeminiConverter.seed(-1L), "both halves count: high bits are not simply dropped");
        assertEquals((int) (-8_123_456_789_012L ^ (-8_123_456_789_012L >>> 32)), GeminiConverter.seed(-8_123_456_789_012L));
    }

    @Test
    void contents_mapUserModelAndToolTurns_groupingToolResultsIntoOneUserTurn() {
        List<Content> contents = GeminiConverter.contents("system", CONVERSATION, new TurnMemory(8));
        assertEquals(List.of("user", "model", "user", "user"), contents.stream().map(c -> c.role().orElseThrow()).toList());

        List<Part> model = contents.get(1).parts().orElseThrow();
        assertEquals(3, model.size(), "text and two calls; reasoning is not sent back");
        assertEquals("Reading.", model.get(0).text().orElseThrow());
        FunctionCall first = model.get(1).functionCall().orElseThrow();
        assertEquals("read_message", first.name().orElseThrow());
        assertEquals(Map.of("message_id", "m1"), first.args().orElseThrow());
        assertTrue(first.id().isEmpty(), "ids Mirage made up are not Gemini's");
        assertEquals("fc-7", model.get(2).functionCall().orElseThrow().id().orElseThrow(), "Gemini's own ids go back");
        assertArrayEquals(GeminiConverter.PLACEHOLDER_SIGNATURE, model.get(1).thoughtSignature().orElseThrow(),
                "a rebuilt turn's first call carries Google's placeholder signature");
        assertTrue(model.get(2).thoughtSignature().isEmpty());

        List<Part> results = contents.get(2).parts().orElseThrow();
        assertEquals(2, results.size());
        assertEquals(Map.of("result", "{\"body\":\"hi\"}"), results.get(0).functionResponse().orElseThrow().response().orElseThrow());
        assertEquals("read_message", results.get(1).functionResponse().orElseThrow().name().orElseThrow());
        assertEquals(Map.of("error", "no such message"), results.get(1).functionResponse().orElseThrow().response().orElseThrow());
        assertEquals("fc-7", results.get(1).functionResponse().orElseThrow().id().orElseThrow());
        assertEquals("Go on.", contents.get(3).parts().orElseThrow().getFirst().text().orElseThrow());
    }

    @Test
    void rememberedModelTurn_goesBackVerbatim_onlyForTheSameConversation() {
        TurnMemory memory = new TurnMemory(8);
        Content asReturned = Content.builder().role("model").parts(
                Part.builder().text("Two look urgent.").thought(true).thoughtSignature(new byte[]{1, 2}).build(),
                Part.builder().functionCall(FunctionCall.builder().name("read_message").args(Map.of("message_id", "m1"))).thoughtSignature(new byte[]{3}).build()).build();
        memory.remember(TurnMemory.keyOfNext("system", CONVERSATION.subList(0, 1), (Message.Assistant) CONVERSATION.get(1)), asReturned);

        assertSame(asReturned, GeminiConverter.contents("system", CONVERSATION, memory).get(1));
        Content other = GeminiConverter.contents("another system prompt", CONVERSATION, memory).get(1);
        assertFalse(other.equals(asReturned), "a different conversation does not get this turn's signatures");
    }

    @Test
    void turnMemory_forgetsTheLeastRecentlyUsedTurnBeyondItsCapacity() {
        TurnMemory memory = new TurnMemory(2);
        Content turn = Content.builder().role("model").parts(Part.fromText("x")).build();
        memory.remember("a", turn);
        memory.remember("b", turn);
        memory.recall("a");
        memory.remember("c", turn);
        assertTrue(memory.recall("a").isPresent());
        assertTrue(memory.recall("b").isEmpty());
        assertTrue(memory.recall("c").isPresent());
    }

    @Test
    void config_carriesSystemToolsSeedAndSettings_andThinkingOnlyWhenAsked() {
        ModelRequest request = new ModelRequest("Be brief.", CONVERSATION, List.of(new ToolDefinition("read_message", "Reads one.",
                "{\"type\":\"object\",\"properties\":{\"message_id\":{\"type\":\"string\"}},\"required\":[\"message_id\"]}")), 0x0000_0001_0000_0002L);
        ModelSettings plain = new ModelSettings(0.5, 300, null, null, null, null, null, null, null, null, null, null, null, null);
        GenerateContentConfig config = GeminiConverter.config(request, plain);
        assertEquals(3, config.seed().orElseThrow());
        assertEquals("Be brief.", config.systemInstruction().orElseThrow().parts().orElseThrow().getFirst().text().orElseThrow());
        assertEquals(0.5f, config.temperature().orElseThrow());
        assertEquals(300, config.maxOutputTokens().orElseThrow());
        assertTrue(config.thinkingConfig().isEmpty());
        var declaration = config.tools().orElseThrow().getFirst().functionDeclarations().orElseThrow().getFirst();
        assertEquals("read_message", declaration.name().orElseThrow());
        assertEquals(List.of("message_id"), ((Map<?, ?>) declaration.parametersJsonSchema().orElseThrow()).get("required"));

        ModelSettings thinking = new ModelSettings(null, null, "high", 2048, null, null, null, null, null, null, null, null, null, null);
        var thinkingConfig = GeminiConverter.config(request, thinking).thinkingConfig().orElseThrow();
        assertEquals(true, thinkingConfig.includeThoughts().orElseThrow());
        assertEquals(2048, thinkingConfig.thinkingBudget().orElseThrow());
        assertEquals("HIGH", thinkingConfig.thinkingLevel().orElseThrow().toString());
    }

    @Test
    void response_separatesThoughtsFromText_namesCallsWithoutIds_andCountsThinkingAsOutput() {
        GenerateContentResponse response = GenerateContentResponse.fromJson("""
                {"candidates":[{"content":{"role":"model","parts":[
                   {"text":"Let me ","thought":true},{"text":"think.","thought":true},
                   {"text":"Reading "},{"text":"both."},
                   {"functionCall":{"name":"read_message","args":{"message_id":"m1"}},"thoughtSignature":"c2ln"},
                   {"functionCall":{"name":"read_message","args":{"message_id":"m2","to":["a","b"]}}}]},
                   "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"thoughtsTokenCount":5,"cachedContentTokenCount":30,"totalTokenCount":125}}
                """);
        ModelResponse r = GeminiConverter.response(response, 2);
        assertEquals("Let me think.", r.reasoning());
        assertEquals("Reading both.", r.text());
        assertEquals(List.of(new ToolCall("call_2_0", "read_message", "{\"message_id\":\"m1\"}"),
                new ToolCall("call_2_1", "read_message", "{\"message_id\":\"m2\",\"to\":[\"a\",\"b\"]}")), r.toolCalls());
        assertEquals(new Usage(70, 25, 30, 0), r.usage(), "cached tokens are taken out of the input total");
        assertEquals(StopReason.TOOL_USE, r.stopReason());
    }

    @Test
    void response_blockedPrompt_isAContentFilterStop() {
        ModelResponse r = GeminiConverter.response(GenerateContentResponse.fromJson(
                "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":7}}"), 0);
        assertEquals(StopReason.CONTENT_FILTER, r.stopReason());
        assertTrue(r.isEmpty());
        assertEquals(7, r.usage().inputTokens());
    }

    @Test
    void finishReasons_mapOntoStopReasons() {
        assertEquals(StopReason.END_TURN, stop("STOP", false));
        assertEquals(StopReason.TOOL_USE, stop("STOP", true));
        assertEquals(StopReason.MAX_TOKENS, stop("MAX_TOKENS", false));
        for (String filtered : List.of("SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII")) {
            assertEquals(StopReason.CONTENT_FILTER, stop(filtered, false), filtered);
        }
        assertEquals(StopReason.OTHER, stop("MALFORMED_FUNCTION_CALL", false));
        assertEquals(StopReason.OTHER, stop("OTHER", false));
        assertEquals(StopReason.OTHER, stop("SOMETHING_NEW", false));
        assertEquals(StopReason.OTHER, GeminiConverter.stopReason(null, false));
    }

    private static StopReason stop(String reason, boolean hasCalls) {
        return GeminiConverter.stopReason(new FinishReason(reason), hasCalls);
    }

    @Test
    void streamAssembler_joinsPieces_keepsTheLastUsage_andKnowsWhenTheStreamWasCut() {
        StreamAssembler assembler = new StreamAssembler();
        assembler.add(GenerateContentResponse.fromJson("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hm\",\"thought\":true}]}}],\"usageMetadata\":{\"promptTokenCount\":9}}"));
        assembler.add(GenerateContentResponse.fromJson("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}]}"));
        assembler.add(GenerateContentResponse.fromJson("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"},{\"functionCall\":{\"name\":\"list_messages\",\"args\":{}}}]}}]}"));
        assertFalse(assembler.finished());
        assembler.add(GenerateContentResponse.fromJson("{\"candidates\":[{\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":4,\"thoughtsTokenCount\":1}}"));
        assertTrue(assembler.finished());
        ModelResponse r = assembler.response(0);
        assertEquals(new ModelResponse("Hello", "Hm", List.of(new ToolCall("call_0_0", "list_messages", "{}")), new Usage(9, 5, 0, 0), StopReason.TOOL_USE), r);
        assertEquals(4, assembler.content().parts().orElseThrow().size(), "the turn is kept as streamed, to go back verbatim");
    }

    @Test
    void arguments_thatAreNotAJsonObject_areKeptAsText() {
        assertEquals(Map.of("raw_arguments", "{\"message_id\": "), GeminiConverter.arguments("{\"message_id\": "));
        assertEquals(Map.of("raw_arguments", "[1]"), GeminiConverter.arguments("[1]"));
        assertEquals(Map.of("a", List.of(1, 2)), GeminiConverter.arguments("{\"a\":[1,2]}"));
    }
}
