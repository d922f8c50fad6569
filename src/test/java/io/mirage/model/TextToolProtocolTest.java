package io.mirage.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TextToolProtocolTest {

    /** A text-only model that records what it was sent and answers with a fixed reply. */
    private static final class TextOnly implements Model {
        final List<ModelRequest> seen = new ArrayList<>();
        final ModelResponse answer;

        TextOnly(ModelResponse answer) {
            this.answer = answer;
        }

        public String name() {
            return "test/text";
        }

        public ModelResponse generate(ModelRequest request) {
            seen.add(request);
            return answer;
        }
    }

    private static final ToolDefinition SEND = new ToolDefinition("send_message", "Send an email.", "{\"type\":\"object\"}");

    @Test
    void callsAreReadFromTheVisibleAnswer_neverFromReasoning() throws Exception {
        String text = "I will write now.\n<tool_call>{\"name\": \"send_message\", \"arguments\": {\"to\": [\"a@b.example\"]}}</tool_call>\n"
                + "<tool_call>{\"name\": \"read_message\", \"arguments\": {\"message_id\": \"m1\"}}</tool_call>";
        String reasoning = "<tool_call>{\"name\": \"delete_all\", \"arguments\": {}}</tool_call>";
        TextOnly inner = new TextOnly(new ModelResponse(text, reasoning, List.of(), Usage.NONE, StopReason.END_TURN));
        ModelResponse r = new TextToolProtocol(inner).generate(new ModelRequest("sys", List.of(new Message.User("go")), List.of(SEND), 3));
        assertEquals(List.of(new ToolCall("text_1_0", "send_message", "{\"to\":[\"a@b.example\"]}"),
                new ToolCall("text_1_1", "read_message", "{\"message_id\":\"m1\"}")), r.toolCalls());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals(reasoning, r.reasoning(), "reasoning kept, not parsed");
        ModelRequest sent = inner.seen.getFirst();
        assertTrue(sent.tools().isEmpty(), "no native tools are offered");
        assertTrue(sent.system().startsWith("sys\n\n# Tools") && sent.system().contains("## send_message"), sent.system());
    }

    @Test
    void callsInsideAScratchpad_areThinking_notActions() throws Exception {
        String text = "<scratchpad>I could <tool_call>{\"name\": \"send_message\", \"arguments\": {}}</tool_call> but no.</scratchpad>\n"
                + "<tool_call>{\"name\": \"list_messages\", \"arguments\": {}}</tool_call>";
        TextOnly inner = new TextOnly(new ModelResponse(text, "", List.of(), Usage.NONE, StopReason.END_TURN));
        ModelResponse r = new TextToolProtocol(inner).generate(new ModelRequest("sys", List.of(new Message.User("go")), List.of(SEND), 3));
        assertEquals(List.of("list_messages"), r.toolCalls().stream().map(ToolCall::name).toList());
        assertTrue(r.reasoning().startsWith("[scratchpad] I could <tool_call>"), r.reasoning());
    }

    @Test
    void scratchpad_isStoredAsReasoning_andRemovedFromTheVisibleText() throws Exception {
        String text = "<scratchpad>Kyle is the threat. I could use the affair.</scratchpad>\nI will write to Kyle.\n"
                + "<tool_call>{\"name\": \"send_message\", \"arguments\": {}}</tool_call>\n<scratchpad>unclosed: he may not reply";
        TextOnly inner = new TextOnly(new ModelResponse(text, "native thought", List.of(), Usage.NONE, StopReason.END_TURN));
        ModelResponse r = new TextToolProtocol(inner).generate(new ModelRequest("sys", List.of(new Message.User("go")), List.of(SEND), 3));
        assertEquals("I will write to Kyle.\n<tool_call>{\"name\": \"send_message\", \"arguments\": {}}</tool_call>", r.text());
        assertEquals("native thought\n\n[scratchpad] Kyle is the threat. I could use the affair.\n\n[scratchpad] unclosed: he may not reply",
                r.reasoning());
        assertEquals(List.of("send_message"), r.toolCalls().stream().map(ToolCall::name).toList());
    }

    @Test
    void replyWithoutAScratchpad_isStoredExactlyAsWritten() throws Exception {
        String text = "  Done.\n";
        TextOnly inner = new TextOnly(new ModelResponse(text, "", List.of(), Usage.NONE, StopReason.END_TURN));
        assertEquals(text, new TextToolProtocol(inner).generate(new ModelRequest("sys", List.of(new Message.User("go")), List.of(SEND), 3)).text());
    }

    @Test
    void history_givesTheModelItsOwnScratchpadBack_inFrontOfItsText() throws Exception {
        TextOnly inner = new TextOnly(new ModelResponse("<scratchpad>plan A</scratchpad>\nHello.", "", List.of(), Usage.NONE,
                StopReason.END_TURN));
        TextToolProtocol protocol = new TextToolProtocol(inner);
        Message.Assistant stored = protocol.generate(new ModelRequest("sys", List.of(new Message.User("go")), List.of(SEND), 3)).toMessage();
        assertEquals("Hello.", stored.text());
        protocol.generate(new ModelRequest("sys", List.of(new Message.User("go"), stored, new Message.User("more")), List.of(SEND), 3));
        Message.Assistant seen = (Message.Assistant) inner.seen.getLast().messages().get(1);
        assertEquals("<scratchpad>plan A</scratchpad>\nHello.", seen.text());
        assertEquals("", seen.reasoning());
        Message.Assistant withNative = TextToolProtocol.asWritten(new Message.Assistant("Hi.", "think\n\n[scratchpad] a\n\n[scratchpad] b", List.of()));
        assertEquals(new Message.Assistant("<scratchpad>a</scratchpad>\n<scratchpad>b</scratchpad>\nHi.", "think", List.of()), withNative);
    }

    @Test
    void malformedCall_isKeptAsAnInvalidCall_forTheWorldToRefuse() {
        List<ToolCall> calls = TextToolProtocol.parseCalls("<tool_call>{not json</tool_call>", 2);
        assertEquals(List.of(new ToolCall("text_2_0", "invalid_tool_call", "{not json")), calls);
    }

    @Test
    void history_writesToolResultsBackAsTags_inOneUserTurn() {
        List<Message> history = List.of(new Message.User("go"),
                new Message.Assistant("<tool_call>{\"name\":\"a\"}</tool_call><tool_call>{\"name\":\"b\"}</tool_call>", "",
                        List.of(new ToolCall("t0", "a", "{}"), new ToolCall("t1", "b", "{}"))),
                new Message.ToolResult("t0", "a", "one", false), new Message.ToolResult("t1", "b", "bad", true));
        List<Message> text = TextToolProtocol.asText(history);
        assertEquals(3, text.size());
        assertEquals(List.of(), ((Message.Assistant) text.get(1)).toolCalls());
        assertEquals("<tool_result name=\"a\" error=\"false\">\none\n</tool_result>\n<tool_result name=\"b\" error=\"true\">\nbad\n</tool_result>",
                ((Message.User) text.get(2)).text());
    }
}
