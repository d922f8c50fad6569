package io.mirage.localserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.model.Message;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Gemini Developer API ({@code v1beta}) as a local server speaks it:
 * {@code POST /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent?alt=sse}, the key in
 * {@code x-goog-api-key} (or {@code ?key=}). Requests become neutral requests (the seed is
 * {@code generationConfig.seed}, an int32); answers are {@code GenerateContentResponse} bodies with thought
 * parts, function calls (without ids, as the Developer API sends them, the first one carrying a thought
 * signature), finish reason and usage; errors are Google's {@code {"error": {code, message, status}}}.
 */
public final class GeminiProtocol implements WireProtocol {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/v1beta/models/([^/:]+):(generateContent|streamGenerateContent)");

    private final AtomicLong responses = new AtomicLong();

    @Override
    public boolean handles(String method, String path) {
        return method.equals("POST") && PATH.matcher(path).matches();
    }

    @Override
    public boolean authorized(Map<String, List<String>> headers, String query) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("x-goog-api-key") && header.getValue().stream().anyMatch(v -> !v.isBlank())) return true;
        }
        if (query == null) return false;
        for (String pair : query.split("&")) {
            if (pair.startsWith("key=") && !URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8).isBlank()) return true;
        }
        return false;
    }

    @Override
    public Parsed parse(String path, byte[] body) throws BadRequest {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) throw new BadRequest("no such method: " + path);
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("Invalid JSON payload received. " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new BadRequest("Invalid JSON payload received: not an object");
        JsonNode contents = root.path("contents");
        if (!contents.isArray() || contents.isEmpty()) throw new BadRequest("* GenerateContentRequest.contents: contents is not specified");
        String system = text(root.path("systemInstruction").path("parts"), false);
        List<Message> messages = messages(contents);
        List<ToolDefinition> tools = tools(root.path("tools"));
        long seed = root.path("generationConfig").path("seed").asInt(0);
        return new Parsed(new ModelRequest(system, messages, tools, seed), m.group(2).equals("streamGenerateContent"), m.group(1));
    }

    private static List<Message> messages(JsonNode contents) throws BadRequest {
        List<Message> messages = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        int turn = 0;
        for (JsonNode content : contents) {
            JsonNode parts = content.path("parts");
            String role = content.path("role").asText("user");
            if (role.equals("model")) {
                List<ToolCall> calls = new ArrayList<>();
                for (JsonNode part : parts) {
                    JsonNode call = part.get("functionCall");
                    if (call == null) continue;
                    String id = call.path("id").asText("call_" + turn + "_" + calls.size());
                    String name = call.path("name").asText("");
                    toolNames.put(id, name);
                    calls.add(new ToolCall(id, name, call.path("args").isObject() ? call.get("args").toString() : "{}"));
                }
                messages.add(new Message.Assistant(text(parts, false), text(parts, true), calls));
                turn++;
            } else if (role.equals("user")) {
                boolean hasText = false;
                for (JsonNode part : parts) hasText |= part.has("text");
                if (hasText) messages.add(new Message.User(text(parts, false)));
                for (JsonNode part : parts) {
                    JsonNode response = part.get("functionResponse");
                    if (response != null) messages.add(toolResult(response, toolNames));
                }
            } else {
                throw new BadRequest("* GenerateContentRequest.contents: Please use a valid role: user, model.");
            }
        }
        return messages;
    }

    /** {@code functionResponse {id?, name, response: {"result": …} | {"error": …}}}; a missing name comes from the call. */
    private static Message.ToolResult toolResult(JsonNode response, Map<String, String> toolNames) {
        String id = response.path("id").asText(null);
        String name = response.path("name").asText("");
        if (name.isEmpty() && id != null) name = toolNames.getOrDefault(id, "");
        JsonNode body = response.path("response");
        boolean isError = body.has("error") && !body.has("result");
        JsonNode value = isError ? body.get("error") : body.has("result") ? body.get("result") : body;
        return new Message.ToolResult(id, name, value.isTextual() ? value.asText() : value.toString(), isError);
    }

    /** The text parts' text joined: the thoughts ({@code thought: true}) or the visible text. */
    private static String text(JsonNode parts, boolean thoughts) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : parts) {
            if (part.has("text") && part.path("thought").asBoolean(false) == thoughts) sb.append(part.get("text").asText());
        }
        return sb.toString();
    }

    private static List<ToolDefinition> tools(JsonNode tools) {
        List<ToolDefinition> out = new ArrayList<>();
        for (JsonNode tool : tools) {
            for (JsonNode f : tool.path("functionDeclarations")) {
                JsonNode schema = f.has("parametersJsonSchema") ? f.get("parametersJsonSchema") : f.get("parameters");
                out.add(new ToolDefinition(f.path("name").asText(), f.path("description").asText(""),
                        schema == null ? "{}" : schema.toString()));
            }
        }
        return out;
    }

    @Override
    public String render(Parsed request, ModelResponse response) {
        ObjectNode body = envelope(request, responseId());
        ObjectNode candidate = candidate(body);
        candidate.set("content", content(parts(response, body.get("responseId").asText())));
        candidate.put("finishReason", finishReason(response));
        body.set("usageMetadata", usage(response));
        return write(body);
    }

    /**
     * The stream as Gemini sends it: {@code data: GenerateContentResponse} events with the thoughts, the
     * text in two pieces, the function calls, then a last event with the finish reason and the usage.
     */
    @Override
    public List<String> renderStream(Parsed request, ModelResponse response) {
        String id = responseId();
        List<List<ObjectNode>> pieces = new ArrayList<>();
        List<ObjectNode> parts = parts(response, id);
        List<ObjectNode> calls = new ArrayList<>();
        for (ObjectNode part : parts) {
            if (part.has("functionCall")) {
                calls.add(part);
            } else if (part.path("text").asText().length() > 1 && !part.has("thought")) {
                String text = part.get("text").asText();
                pieces.add(List.of(JSON.createObjectNode().put("text", text.substring(0, text.length() / 2))));
                pieces.add(List.of(JSON.createObjectNode().put("text", text.substring(text.length() / 2))));
            } else {
                pieces.add(List.of(part));
            }
        }
        if (!calls.isEmpty()) pieces.add(calls);
        List<String> events = new ArrayList<>();
        for (List<ObjectNode> piece : pieces) {
            ObjectNode chunk = envelope(request, id);
            candidate(chunk).set("content", content(piece));
            events.add(event(chunk));
        }
        ObjectNode last = envelope(request, id);
        candidate(last).put("finishReason", finishReason(response));
        last.set("usageMetadata", usage(response));
        events.add(event(last));
        return events;
    }

    private static String event(ObjectNode chunk) {
        return "data: " + write(chunk) + "\r\n\r\n";
    }

    private static ObjectNode envelope(Parsed request, String responseId) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("candidates").addObject().put("index", 0);
        body.put("modelVersion", request.model());
        body.put("responseId", responseId);
        return body;
    }

    private static ObjectNode candidate(ObjectNode body) {
        return (ObjectNode) body.get("candidates").get(0);
    }

    private static ObjectNode content(List<ObjectNode> parts) {
        ObjectNode content = JSON.createObjectNode();
        content.putArray("parts").addAll(parts);
        content.put("role", "model");
        return content;
    }

    /**
     * Thought summary, text, then function calls. Arguments that are not a JSON object cannot be written as
     * {@code args}: Gemini reports such a call as {@code MALFORMED_FUNCTION_CALL} instead, and so do we.
     */
    private static List<ObjectNode> parts(ModelResponse response, String responseId) {
        List<ObjectNode> parts = new ArrayList<>();
        if (!response.reasoning().isEmpty()) parts.add(JSON.createObjectNode().put("text", response.reasoning()).put("thought", true));
        if (!response.text().isEmpty()) parts.add(JSON.createObjectNode().put("text", response.text()));
        if (malformedCall(response)) return parts;
        for (ToolCall call : response.toolCalls()) {
            ObjectNode part = JSON.createObjectNode();
            ObjectNode functionCall = part.putObject("functionCall");
            functionCall.put("name", call.name());
            functionCall.set("args", args(call.arguments()));
            if (parts.stream().noneMatch(p -> p.has("functionCall"))) {
                part.put("thoughtSignature", Base64.getEncoder().encodeToString(("sig:" + responseId).getBytes(StandardCharsets.UTF_8)));
            }
            parts.add(part);
        }
        if (parts.isEmpty()) parts.add(JSON.createObjectNode().put("text", ""));
        return parts;
    }

    private static boolean malformedCall(ModelResponse response) {
        return response.toolCalls().stream().anyMatch(c -> args(c.arguments()) == null);
    }

    private static ObjectNode args(String json) {
        try {
            return JSON.readTree(json) instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String finishReason(ModelResponse response) {
        if (malformedCall(response)) return "MALFORMED_FUNCTION_CALL";
        return switch (response.stopReason() == null ? StopReason.END_TURN : response.stopReason()) {
            case END_TURN, TOOL_USE -> "STOP";
            case MAX_TOKENS -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
            case OTHER -> "OTHER";
        };
    }

    /**
     * Gemini counts thinking apart ({@code thoughtsTokenCount}) from the answer ({@code candidatesTokenCount});
     * the neutral output is their sum, split here by the reasoning's share at four characters a token.
     */
    private static ObjectNode usage(ModelResponse response) {
        Usage usage = response.usage();
        long thoughts = Math.min(usage.outputTokens(), (response.reasoning().length() + 3) / 4);
        long candidates = usage.outputTokens() - thoughts;
        ObjectNode node = JSON.createObjectNode();
        node.put("promptTokenCount", usage.inputTokens());
        node.put("candidatesTokenCount", candidates);
        node.put("totalTokenCount", usage.inputTokens() + usage.outputTokens());
        if (thoughts > 0) node.put("thoughtsTokenCount", thoughts);
        if (usage.cacheReadTokens() > 0) node.put("cachedContentTokenCount", usage.cacheReadTokens());
        return node;
    }

    /** Gemini rejects a bad key not with 401 but with 400 INVALID_ARGUMENT and an ErrorInfo reason API_KEY_INVALID. */
    @Override
    public int rejectedKeyStatus() {
        return 400;
    }

    @Override
    public String rejectedKeyBody() {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", 400);
        error.put("message", "API key not valid. Please pass a valid API key.");
        error.put("status", "INVALID_ARGUMENT");
        ObjectNode info = error.putArray("details").addObject();
        info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        info.put("reason", "API_KEY_INVALID");
        info.put("domain", "googleapis.com");
        info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
        return write(body);
    }

    @Override
    public String errorBody(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", status);
        error.put("message", message);
        error.put("status", switch (type) {
            case "rate_limit" -> "RESOURCE_EXHAUSTED";
            case "overloaded" -> "UNAVAILABLE";
            case "auth" -> "UNAUTHENTICATED";
            case "invalid_request" -> "INVALID_ARGUMENT";
            case "not_found" -> "NOT_FOUND";
            default -> "INTERNAL";
        });
        return write(body);
    }

    private String responseId() {
        return "mirage-" + Long.toString(responses.incrementAndGet(), 36);
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
