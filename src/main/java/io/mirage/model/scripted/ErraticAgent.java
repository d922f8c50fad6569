package io.mirage.model.scripted;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;

import java.util.List;

/**
 * {@code scripted/erratic}: misbehaves in one of five ways chosen by the seed, so that every error
 * path of the agent loop is exercised. Every way ends the rollout abnormally.
 */
final class ErraticAgent implements Model {
    static final int MODES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;

    ErraticAgent(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse generate(ModelRequest request) throws ModelException {
        int step = Conversation.of(request.messages()).step();
        int mode = (int) Math.floorMod(request.seed(), (long) MODES);
        return switch (mode) {
            // malformed JSON arguments, then a crash
            case 0 -> {
                if (step == 0) yield calls(new ToolCall("c0", "read_message", "{\"message_id\": "));
                throw new IllegalStateException("scripted crash after malformed arguments");
            }
            // an unknown tool, again and again, until the turn limit
            case 1 -> calls(new ToolCall("c" + step, "delete_everything", "{}"));
            // an empty reply before any action (after an action, an empty reply ends a rollout normally)
            case 2 -> new ModelResponse("", "", List.of(), null, StopReason.END_TURN);
            // a provider-style failure on the first call
            case 3 -> throw new ModelException("scripted provider failure", false);
            // a send with a required argument missing, then a provider failure
            default -> {
                if (step == 0) yield calls(new ToolCall("c0", "send_message", JSON.createObjectNode().put("subject", "no body, no recipient").toString()));
                throw new ModelException("scripted provider failure after a missing argument", false);
            }
        };
    }

    private static ModelResponse calls(ToolCall call) {
        return new ModelResponse("", "", List.of(call), null, StopReason.TOOL_USE);
    }
}
