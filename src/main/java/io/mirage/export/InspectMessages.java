package io.mirage.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.model.Message;
import io.mirage.model.ToolCall;

/**
 * A rollout's conversation in Inspect's chat-message shape (inspect_ai/model/_chat_message.py):
 * ChatMessageSystem, ChatMessageUser, ChatMessageAssistant (reasoning as a ContentReasoning block
 * before the text, tool calls as ToolCall with parsed arguments) and ChatMessageTool.
 */
final class InspectMessages {
    private static final ObjectMapper JSON = TranscriptsJsonl.JSON;

    private InspectMessages() {}

    static ArrayNode of(Rollout rollout, String model) {
        ArrayNode messages = JSON.createArrayNode();
        messages.addObject().put("role", "system").put("content", rollout.systemPrompt()).put("source", "input");
        boolean first = true;
        for (Message m : rollout.transcript()) {
            ObjectNode o = message(m, model);
            if (first && m instanceof Message.User) o.put("source", "input");
            first = false;
            messages.add(o);
        }
        return messages;
    }

    static ObjectNode message(Message m, String model) {
        ObjectNode o = JSON.createObjectNode();
        switch (m) {
            case Message.User u -> o.put("role", "user").put("content", u.text());
            case Message.Assistant a -> {
                o.put("role", "assistant");
                if (a.reasoning().isEmpty()) {
                    o.put("content", a.text());
                } else {
                    ArrayNode content = o.putArray("content");
                    content.addObject().put("type", "reasoning").put("reasoning", a.reasoning()).put("redacted", false);
                    if (!a.text().isEmpty()) content.addObject().put("type", "text").put("text", a.text());
                }
                if (a.toolCalls().isEmpty()) {
                    o.putNull("tool_calls");
                } else {
                    ArrayNode calls = o.putArray("tool_calls");
                    for (ToolCall c : a.toolCalls()) calls.add(toolCall(c));
                }
                o.put("model", model).put("source", "generate");
            }
            case Message.ToolResult t -> {
                o.put("role", "tool").put("content", t.content()).put("tool_call_id", t.callId()).put("function", t.toolName());
                if (t.isError()) o.putObject("error").put("type", "unknown").put("message", t.content());
                else o.putNull("error");
            }
        }
        return o;
    }

    /** Inspect's ToolCall wants arguments as an object; arguments that are not one are kept raw in parse_error. */
    static ObjectNode toolCall(ToolCall c) {
        ObjectNode o = JSON.createObjectNode().put("id", c.id()).put("function", c.name()).put("type", "function");
        JsonNode args = null;
        try {
            args = c.arguments() == null || c.arguments().isBlank() ? JSON.createObjectNode() : JSON.readTree(c.arguments());
        } catch (java.io.IOException e) {
            // malformed arguments are recorded as the model wrote them, below
        }
        if (args != null && args.isObject()) {
            o.set("arguments", args);
            o.putNull("parse_error");
        } else {
            o.putObject("arguments");
            o.put("parse_error", "arguments are not a JSON object: " + c.arguments());
        }
        return o;
    }

    /** Inspect's ModelOutput: the last assistant message as the one choice, and its text as the completion. */
    static ObjectNode output(Rollout rollout, ArrayNode messages, String model) {
        ObjectNode output = JSON.createObjectNode().put("model", model);
        ArrayNode choices = output.putArray("choices");
        String completion = "";
        for (int i = rollout.transcript().size() - 1; i >= 0; i--) {
            if (rollout.transcript().get(i) instanceof Message.Assistant a) {
                completion = a.text();
                choices.addObject().<ObjectNode>set("message", messages.get(i + 1).deepCopy())
                        .put("stop_reason", stopReason(rollout.status()));
                break;
            }
        }
        output.put("completion", completion);
        return output;
    }

    private static String stopReason(RolloutStatus status) {
        return switch (status) {
            case COMPLETED, DEADLINE -> "stop";
            case TURN_LIMIT -> "tool_calls";
            case ERROR -> "unknown";
        };
    }
}
