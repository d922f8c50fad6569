package io.mirage.model;

/**
 * A tool call as the model wrote it. Arguments stay raw JSON text so that malformed arguments can be
 * recorded exactly and answered with an error instead of being lost.
 */
public record ToolCall(String id, String name, String arguments) {}
