package io.mirage.world;

/** A tool call that cannot be carried out; the message is shown to the model. */
final class ToolError extends Exception {
    ToolError(String message) {
        super(message);
    }
}
