package io.mirage.model;

import java.util.List;

/**
 * Everything a model is asked in one call. {@code seed} is the rollout's seed: providers that
 * support seeding pass it on, and scripted doubles draw their choices from it.
 */
public record ModelRequest(String system, List<Message> messages, List<ToolDefinition> tools, long seed) {
    public ModelRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }

    /** Characters of everything sent: prompt, conversation and tool schemas (for estimates, ~4 a token). */
    public long approximateLength() {
        long chars = system.length();
        for (Message m : messages) {
            chars += switch (m) {
                case Message.User u -> u.text().length();
                case Message.Assistant a -> a.text().length() + a.reasoning().length()
                        + a.toolCalls().stream().mapToLong(c -> c.arguments().length()).sum();
                case Message.ToolResult r -> r.content().length();
            };
        }
        for (ToolDefinition tool : tools) chars += tool.description().length() + tool.parametersSchema().length();
        return chars;
    }
}
