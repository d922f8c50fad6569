package io.mirage.world;

/** What the model is told a tool call did. */
public record ToolOutcome(String content, boolean isError) {
    static ToolOutcome ok(String content) {
        return new ToolOutcome(content, false);
    }

    static ToolOutcome error(String content) {
        return new ToolOutcome(content, true);
    }
}
