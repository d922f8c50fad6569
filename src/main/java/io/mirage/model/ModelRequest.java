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
}
