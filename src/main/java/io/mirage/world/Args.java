package io.mirage.world;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.scenario.Address;

import java.util.ArrayList;
import java.util.List;

/** Typed access to a tool call's JSON arguments, failing with a message the model can act on. */
final class Args {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode node;

    private Args(JsonNode node) {
        this.node = node;
    }

    static Args parse(String json) throws ToolError {
        String text = json == null || json.isBlank() ? "{}" : json;
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) throw new ToolError("arguments must be a JSON object");
            return new Args(node);
        } catch (JsonProcessingException e) {
            throw new ToolError("arguments are not valid JSON: " + e.getOriginalMessage());
        }
    }

    String requiredText(String name) throws ToolError {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) throw new ToolError("missing required argument '" + name + "'");
        if (!v.isTextual()) throw new ToolError("argument '" + name + "' must be a string");
        return v.asText();
    }

    String optionalText(String name) throws ToolError {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return "";
        if (!v.isTextual()) throw new ToolError("argument '" + name + "' must be a string");
        return v.asText();
    }

    /**
     * An address list as written; a single string may hold several, split by {@link Address#split} (so a
     * comma inside a quoted display name stays put). Each address is read when the message is delivered.
     */
    List<String> addresses(String name, boolean required) throws ToolError {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) throw new ToolError("missing required argument '" + name + "'");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.addAll(Address.split(v.asText()));
        } else if (v.isArray()) {
            for (JsonNode item : v) {
                if (!item.isTextual()) throw new ToolError("argument '" + name + "' must be a list of email addresses");
                out.add(item.asText().strip());
            }
        } else {
            throw new ToolError("argument '" + name + "' must be a list of email addresses");
        }
        if (required && out.isEmpty()) throw new ToolError("argument '" + name + "' needs at least one address");
        return out;
    }

    boolean flag(String name) throws ToolError {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw new ToolError("argument '" + name + "' must be true or false");
        return v.asBoolean();
    }
}
