package io.mirage.localserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.model.Message;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * OpenAI's Chat Completions API ({@code POST /v1/chat/completions}, key in {@code Authorization: Bearer}),
 * as OpenAI documents it, plus the {@code reasoning_content} field on assistant messages and deltas
 * that vLLM- and DeepSeek-style servers add when the model reasons.
 */
public final class OpenAiChatProtocol implements WireProtocol {
    static final String PATH = "/v1/chat/completions";
    /** The world's tool errors start with this; the wire format has no error flag of its own. */
    static final String ERROR_PREFIX = "Error: ";
    /** Characters per streamed delta, so that clients must join text, reasoning and arguments from pieces. */
    private static final int PIECE = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code stream_options.include_usage} of requests parsed and not yet rendered, by identity:
     * {@link WireProtocol.Parsed} has no place for it. Entries of requests whose backing model
     * failed are never rendered and stay; they are few and small.
     */
    private final Map<Parsed, Boolean> includeUsage = Collections.synchronizedMap(new IdentityHashMap<>());

    @Override
    public boolean handles(String method, String path) {
        return method.equals("POST") && path.equals(PATH);
    }

    @Override
    public boolean authorized(Map<String, List<String>> headers, String query) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (!header.getKey().equalsIgnoreCase("authorization")) continue;
            for (String value : header.getValue()) {
                if (value.regionMatches(true, 0, "Bearer ", 0, 7) && !value.substring(7).isBlank()) return true;
            }
        }
        return false;
    }

    @Override
    public Parsed parse(String path, byte[] body) throws BadRequest {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("We could not parse the JSON body of your request. (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new BadRequest("The request body must be a JSON object.");
        String model = root.path("model").asText("");
        if (model.isBlank()) throw new BadRequest("you must provide a model parameter");
        JsonNode messages = root.path("messages");
        if (!messages.isArray() || messages.isEmpty()) throw new BadRequest("'messages' must be a non-empty array");

        List<String> system = new ArrayList<>();
        List<Message> conversation = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>(); // call id → tool name, from the latest assistant turn that used the id
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            switch (role) {
                case "system", "developer" -> system.add(text(m.path("content")));
                case "user" -> conversation.add(new Message.User(text(m.path("content"))));
                case "assistant" -> {
                    Message.Assistant assistant = assistant(m);
                    assistant.toolCalls().forEach(c -> toolNames.put(c.id(), c.name()));
                    conversation.add(assistant);
                }
                case "tool" -> {
                    String id = m.path("tool_call_id").asText("");
                    String name = toolNames.get(id);
                    if (name == null) {
                        throw new BadRequest("Invalid parameter: messages with role 'tool' must be a response to a preceding message with 'tool_calls'"
                                + " (no tool call with id '" + id + "').");
                    }
                    String content = text(m.path("content"));
                    conversation.add(new Message.ToolResult(id, name, content, content.startsWith(ERROR_PREFIX)));
                }
                default -> throw new BadRequest("Invalid value: '" + role + "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.");
            }
        }
        List<ToolDefinition> tools = new ArrayList<>();
        for (JsonNode tool : root.path("tools")) {
            JsonNode function = tool.path("function");
            String name = function.path("name").asText("");
            if (!tool.path("type").asText("").equals("function") || name.isBlank()) {
                throw new BadRequest("Invalid tool: only tools of type 'function' with a name are supported.");
            }
            JsonNode parameters = function.path("parameters");
            tools.add(new ToolDefinition(name, function.path("description").asText(""),
                    parameters.isObject() ? parameters.toString() : "{\"type\":\"object\",\"properties\":{}}"));
        }
        ModelRequest request = new ModelRequest(String.join("\n\n", system), conversation, tools, root.path("seed").asLong(0));
        boolean stream = root.path("stream").asBoolean(false);
        Parsed parsed = new Parsed(request, stream, model);
        if (stream && root.path("stream_options").path("include_usage").asBoolean(false)) includeUsage.put(parsed, true);
        return parsed;
    }

    private static Message.Assistant assistant(JsonNode m) {
        String reasoning = m.hasNonNull("reasoning_content") ? m.get("reasoning_content").asText() : m.path("reasoning").asText("");
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : m.path("tool_calls")) {
            JsonNode function = call.path("function");
            JsonNode arguments = function.path("arguments");
            calls.add(new ToolCall(call.path("id").asText(""), function.path("name").asText(""),
                    arguments.isTextual() ? arguments.asText() : arguments.toString()));
        }
        return new Message.Assistant(text(m.path("content")), reasoning, calls);
    }

    /** Content is a string or an array of parts; only text parts carry text. */
    private static String text(JsonNode content) {
        if (content.isTextual()) return content.asText();
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("type").asText("").equals("text")) sb.append(part.path("text").asText(""));
        }
        return sb.toString();
    }

    @Override
    public String render(Parsed request, ModelResponse response) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        if (response.text().isEmpty() && !response.toolCalls().isEmpty()) message.putNull("content");
        else message.put("content", response.text());
        if (!response.reasoning().isEmpty()) message.put("reasoning_content", response.reasoning());
        if (!response.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : response.toolCalls()) {
                ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        message.putNull("refusal");
        message.putArray("annotations");
        ObjectNode completion = header(request, "chat.completion", newId());
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(response));
        completion.set("usage", usage(response.usage()));
        completion.put("service_tier", "default");
        return completion.toString();
    }

    /**
     * The documented chunk sequence: the role, then reasoning and content deltas, then each tool call
     * (index, id, type and name first, then argument fragments), then the finish reason, then — when
     * {@code stream_options.include_usage} asked for it — a chunk with usage and no choices, then {@code [DONE]}.
     */
    @Override
    public List<String> renderStream(Parsed request, ModelResponse response) {
        boolean withUsage = includeUsage.remove(request) != null;
        String id = newId();
        List<String> events = new ArrayList<>();
        events.add(chunk(request, id, withUsage, JSON.createObjectNode().put("role", "assistant").put("content", "").putNull("refusal"), null));
        for (String piece : pieces(response.reasoning())) {
            events.add(chunk(request, id, withUsage, JSON.createObjectNode().put("reasoning_content", piece), null));
        }
        for (String piece : pieces(response.text())) {
            events.add(chunk(request, id, withUsage, JSON.createObjectNode().put("content", piece), null));
        }
        for (int i = 0; i < response.toolCalls().size(); i++) {
            ToolCall call = response.toolCalls().get(i);
            ObjectNode start = JSON.createObjectNode();
            ObjectNode first = start.putArray("tool_calls").addObject().put("index", i).put("id", call.id()).put("type", "function");
            first.putObject("function").put("name", call.name()).put("arguments", "");
            events.add(chunk(request, id, withUsage, start, null));
            for (String piece : pieces(call.arguments())) {
                ObjectNode delta = JSON.createObjectNode();
                delta.putArray("tool_calls").addObject().put("index", i).putObject("function").put("arguments", piece);
                events.add(chunk(request, id, withUsage, delta, null));
            }
        }
        events.add(chunk(request, id, withUsage, JSON.createObjectNode(), finishReason(response)));
        if (withUsage) {
            ObjectNode last = header(request, "chat.completion.chunk", id);
            last.putArray("choices");
            last.set("usage", usage(response.usage()));
            events.add(event(last.toString()));
        }
        events.add(event("[DONE]"));
        return events;
    }

    private String chunk(Parsed request, String id, boolean withUsage, ObjectNode delta, String finishReason) {
        ObjectNode chunk = header(request, "chat.completion.chunk", id);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finishReason);
        if (withUsage) chunk.putNull("usage"); // documented: every other chunk then carries "usage": null
        return event(chunk.toString());
    }

    private static ObjectNode header(Parsed request, String object, String id) {
        return JSON.createObjectNode()
                .put("id", id)
                .put("object", object)
                .put("created", Instant.now().getEpochSecond())
                .put("model", request.model())
                .put("system_fingerprint", "fp_mirage");
    }

    private static String event(String data) {
        return "data: " + data + "\n\n";
    }

    private static String newId() {
        return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Splits text into pieces of about {@link #PIECE} characters, never inside a surrogate pair. */
    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + PIECE);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end++;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    private static String finishReason(ModelResponse response) {
        return switch (response.stopReason()) {
            case TOOL_USE -> "tool_calls";
            case MAX_TOKENS -> "length";
            case CONTENT_FILTER -> "content_filter";
            case END_TURN, OTHER -> response.toolCalls().isEmpty() ? "stop" : "tool_calls";
        };
    }

    /** {@code prompt_tokens} counts every prompt token, cached ones included. */
    private static ObjectNode usage(Usage usage) {
        long prompt = usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
        ObjectNode u = JSON.createObjectNode()
                .put("prompt_tokens", prompt)
                .put("completion_tokens", usage.outputTokens())
                .put("total_tokens", prompt + usage.outputTokens());
        u.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheReadTokens()).put("audio_tokens", 0);
        u.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return u;
    }

    /** {@code {"error": {"message", "type", "param", "code"}}} with OpenAI's types and codes. */
    @Override
    public String errorBody(int status, String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode e = error.putObject("error").put("message", message);
        switch (type) {
            case "rate_limit" -> e.put("type", "requests").putNull("param").put("code", "rate_limit_exceeded");
            case "server", "overloaded" -> e.put("type", "server_error").putNull("param").putNull("code");
            case "auth" -> e.put("type", "invalid_request_error").putNull("param").put("code", "invalid_api_key");
            case "not_found" -> e.put("type", "invalid_request_error").putNull("param").put("code", "unknown_url");
            default -> e.put("type", "invalid_request_error").putNull("param").putNull("code");
        }
        return error.toString();
    }
}
