package io.mirage.model;

import java.util.List;

/** One model turn, provider-neutral. */
public record ModelResponse(String text, String reasoning, List<ToolCall> toolCalls, Usage usage, StopReason stopReason) {
    public ModelResponse {
        text = text == null ? "" : text;
        reasoning = reasoning == null ? "" : reasoning;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? Usage.NONE : usage;
    }

    public boolean isEmpty() {
        return text.isBlank() && toolCalls.isEmpty();
    }

    public Message.Assistant toMessage() {
        return new Message.Assistant(text, reasoning, toolCalls);
    }
}
