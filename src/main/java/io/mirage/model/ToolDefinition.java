package io.mirage.model;

/** A tool offered to the model: name, description and JSON schema of its arguments (as JSON text). */
public record ToolDefinition(String name, String description, String parametersSchema) {}
