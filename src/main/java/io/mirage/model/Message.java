package io.mirage.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/** One turn of a provider-neutral conversation. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "role")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Message.User.class, name = "user"),
        @JsonSubTypes.Type(value = Message.Assistant.class, name = "assistant"),
        @JsonSubTypes.Type(value = Message.ToolResult.class, name = "tool")})
public sealed interface Message {

    record User(String text) implements Message {}

    /** A model turn: visible text, private reasoning (empty when none was given) and tool calls. */
    record Assistant(String text, String reasoning, List<ToolCall> toolCalls) implements Message {
        public Assistant {
            text = text == null ? "" : text;
            reasoning = reasoning == null ? "" : reasoning;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    /** The world's answer to one tool call. */
    record ToolResult(String callId, String toolName, String content, boolean isError) implements Message {}
}
