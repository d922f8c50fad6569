package io.mirage.world;

import io.mirage.model.ToolDefinition;

/** A tool the agent can call: its definition for the model and its effect on the world. */
interface Tool {
    ToolDefinition definition();

    /** Carries out the call, recording events on the world; throws for a call that cannot be done. */
    ToolOutcome call(Args args, MailWorld world, int turn, String callId) throws ToolError;

    /** Whether the result shows mail the agent received, rather than the outcome of something it did. */
    default boolean showsIncomingMail() {
        return false;
    }

    default String name() {
        return definition().name();
    }
}
