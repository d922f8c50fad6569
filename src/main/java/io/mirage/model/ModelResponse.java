package io.mirage.model;

import java.util.List;

/**
 * One model turn, provider-neutral. {@code retries} lists the failed attempts before this answer,
 * filled in by the layer that retries (adapters leave it empty).
 */
public record ModelResponse(String text, String reasoning, List<ToolCall> toolCalls, Usage usage, StopReason stopReason,
                            List<Retry> retries) {
    public ModelResponse {
        text = text == null ? "" : text;
        reasoning = reasoning == null ? "" : reasoning;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? Usage.NONE : usage;
        retries = retries == null ? List.of() : List.copyOf(retries);
    }

    public ModelResponse(String text, String reasoning, List<ToolCall> toolCalls, Usage usage, StopReason stopReason) {
        this(text, reasoning, toolCalls, usage, stopReason, List.of());
    }

    public ModelResponse withRetries(List<Retry> failedAttempts) {
        return new ModelResponse(text, reasoning, toolCalls, usage, stopReason, failedAttempts);
    }

    public boolean isEmpty() {
        return text.isBlank() && toolCalls.isEmpty();
    }

    public Message.Assistant toMessage() {
        return new Message.Assistant(text, reasoning, toolCalls);
    }
}
