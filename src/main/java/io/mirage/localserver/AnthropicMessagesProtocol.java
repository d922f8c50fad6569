package io.mirage.localserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.model.Message;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}) as documented: request bodies with system blocks,
 * {@code tool_use} / {@code tool_result} / {@code thinking} content blocks and tools; answers with typed
 * content blocks, stop reasons and usage including prompt-cache fields; the documented server-sent-event
 * sequence; {@code {"type":"error",...}} error bodies and 529 for "overloaded".
 * <p>Like the API it signs the thinking blocks it returns and rejects a thinking block whose signature does
 * not match, and, with thinking enabled, a final assistant turn with tool calls that does not start with
 * its thinking. The rollout seed is read back from {@code metadata.user_id} ({@code mirage-rollout-<hex>},
 * as the Anthropic adapter sends it). Prompt caching is simulated: a system prompt marked with
 * {@code cache_control} is written to the cache the first time it is seen and read from it afterwards.
 */
public final class AnthropicMessagesProtocol implements WireProtocol {
    static final String ROLLOUT_USER_ID_PREFIX = "mirage-rollout-";
    private static final String THINKING = "thinking";
    private static final String CACHED_SYSTEM = "cached_system";
    private static final int DELTAS_PER_BLOCK = 3;

    private final ObjectMapper json = new ObjectMapper();
    private final SecretKeySpec signingKey;
    private final Set<String> cachedSystems = ConcurrentHashMap.newKeySet();

    public AnthropicMessagesProtocol() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        signingKey = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public boolean handles(String method, String path) {
        return method.equals("POST") && path.equals("/v1/messages");
    }

    /** The API takes {@code x-api-key}; the SDK sends {@code Authorization: Bearer} instead when no x-api-key is set. */
    @Override
    public boolean authorized(Map<String, List<String>> headers, String query) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            for (String value : h.getValue()) {
                if (h.getKey().equalsIgnoreCase("x-api-key") && !value.isBlank()) return true;
                if (h.getKey().equalsIgnoreCase("authorization") && value.startsWith("Bearer ") && value.length() > 7) return true;
            }
        }
        return false;
    }

    @Override
    public Parsed parse(String path, byte[] body) throws BadRequest {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("The request body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new BadRequest("The request body must be a JSON object");
        String model = required(root, "model").asText();
        if (!required(root, "max_tokens").canConvertToLong()) throw new BadRequest("max_tokens: Input should be a valid integer");
        boolean thinking = root.path("thinking").path("type").asText().equals("enabled");
        JsonNode system = root.path("system");
        List<Message> messages = messages(required(root, "messages"), thinking);
        List<ToolDefinition> tools = new ArrayList<>();
        for (JsonNode t : root.path("tools")) {
            tools.add(new ToolDefinition(required(t, "name").asText(), t.path("description").asText(""), required(t, "input_schema").toString()));
        }
        ModelRequest request = new ModelRequest(text(system), messages, tools, seed(root.path("metadata").path("user_id").asText("")));
        boolean cached = system.isArray() && system.findValue("cache_control") != null;
        return new Parsed(request, root.path("stream").asBoolean(false), model,
                Map.of(THINKING, Boolean.toString(thinking), CACHED_SYSTEM, Boolean.toString(cached)));
    }

    private List<Message> messages(JsonNode messages, boolean thinking) throws BadRequest {
        if (!messages.isArray() || messages.isEmpty()) throw new BadRequest("messages: at least one message is required");
        List<Message> out = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        int lastAssistant = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            JsonNode content = required(m, "content");
            if (role.equals("user")) {
                out.addAll(user(content, toolNames, i));
            } else if (role.equals("assistant")) {
                out.add(assistant(content, toolNames, i));
                lastAssistant = i;
            } else {
                throw new BadRequest("messages." + i + ".role: Input should be 'user' or 'assistant'");
            }
        }
        if (thinking && lastAssistant >= 0) requireLeadingThinking(messages.get(lastAssistant).get("content"), lastAssistant);
        return out;
    }

    private List<Message> user(JsonNode content, Map<String, String> toolNames, int index) throws BadRequest {
        if (content.isTextual()) return List.of(new Message.User(content.asText()));
        List<Message> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_result" -> {
                    String id = required(block, "tool_use_id").asText();
                    String name = toolNames.get(id);
                    if (name == null) {
                        throw new BadRequest("messages." + index + ".content." + j + ": unexpected `tool_use_id` found in `tool_result` blocks: "
                                + id + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
                    }
                    out.add(new Message.ToolResult(id, name, text(block.path("content")), block.path("is_error").asBoolean(false)));
                }
                default -> throw new BadRequest("messages." + index + ".content." + j + ".type: unsupported block type '"
                        + block.path("type").asText() + "'");
            }
        }
        if (!text.isEmpty()) out.add(new Message.User(text.toString()));
        return out;
    }

    private Message.Assistant assistant(JsonNode content, Map<String, String> toolNames, int index) throws BadRequest {
        if (content.isTextual()) return new Message.Assistant(content.asText(), "", List.of());
        StringBuilder text = new StringBuilder();
        List<String> reasoning = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "thinking" -> {
                    String thought = block.path("thinking").asText();
                    if (!MessageDigest.isEqual(sign(thought).getBytes(StandardCharsets.UTF_8),
                            block.path("signature").asText().getBytes(StandardCharsets.UTF_8))) {
                        throw new BadRequest("messages." + index + ".content." + j + ": Invalid `signature` in `thinking` block");
                    }
                    if (!thought.isEmpty()) reasoning.add(thought);
                }
                case "redacted_thinking" -> reasoning.add("[redacted thinking]");
                case "tool_use" -> {
                    String id = required(block, "id").asText();
                    String name = required(block, "name").asText();
                    toolNames.put(id, name);
                    calls.add(new ToolCall(id, name, block.path("input").toString()));
                }
                default -> throw new BadRequest("messages." + index + ".content." + j + ".type: unsupported block type '"
                        + block.path("type").asText() + "'");
            }
        }
        return new Message.Assistant(text.toString(), String.join("\n\n", reasoning), calls);
    }

    private static void requireLeadingThinking(JsonNode content, int index) throws BadRequest {
        if (!content.isArray() || content.findValues("type").stream().noneMatch(t -> t.asText().equals("tool_use"))) return;
        String first = content.get(0).path("type").asText();
        if (first.equals("thinking") || first.equals("redacted_thinking")) return;
        throw new BadRequest("messages." + index + ".content.0.type: Expected `thinking` or `redacted_thinking`, but found `" + first
                + "`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of"
                + " `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns.");
    }

    /** A system prompt or tool result given as a string or as text blocks. */
    private static String text(JsonNode node) {
        if (node.isTextual()) return node.asText();
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : node) sb.append(block.path("text").asText());
        return sb.toString();
    }

    private static long seed(String userId) {
        if (!userId.startsWith(ROLLOUT_USER_ID_PREFIX)) return 0;
        try {
            return Long.parseUnsignedLong(userId.substring(ROLLOUT_USER_ID_PREFIX.length()), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static JsonNode required(JsonNode node, String field) throws BadRequest {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) throw new BadRequest(field + ": Field required");
        return value;
    }

    @Override
    public String render(Parsed request, ModelResponse response) {
        ObjectNode message = message(request, response);
        ArrayNode content = message.putArray("content");
        blocks(request, response).forEach(content::add);
        message.put("stop_reason", stopReason(response));
        return message.toString();
    }

    @Override
    public List<String> renderStream(Parsed request, ModelResponse response) {
        ObjectNode start = message(request, response);
        start.putArray("content");
        start.putNull("stop_reason");
        ObjectNode usage = (ObjectNode) start.remove("usage");
        long outputTokens = usage.path("output_tokens").asLong();
        usage.put("output_tokens", 1);
        start.set("usage", usage);
        List<String> events = new ArrayList<>();
        events.add(event("message_start", json.createObjectNode().put("type", "message_start").set("message", start)));
        events.add(event("ping", json.createObjectNode().put("type", "ping")));
        List<ObjectNode> blocks = blocks(request, response);
        for (int index = 0; index < blocks.size(); index++) {
            ObjectNode block = blocks.get(index);
            String type = block.path("type").asText();
            ObjectNode empty = block.deepCopy();
            List<ObjectNode> deltas = new ArrayList<>();
            switch (type) {
                case "thinking" -> {
                    empty.put("thinking", "").put("signature", "");
                    for (String piece : pieces(block.path("thinking").asText())) {
                        deltas.add(json.createObjectNode().put("type", "thinking_delta").put("thinking", piece));
                    }
                    deltas.add(json.createObjectNode().put("type", "signature_delta").put("signature", block.path("signature").asText()));
                }
                case "text" -> {
                    empty.put("text", "");
                    for (String piece : pieces(block.path("text").asText())) {
                        deltas.add(json.createObjectNode().put("type", "text_delta").put("text", piece));
                    }
                }
                default -> { // tool_use
                    empty.putObject("input");
                    for (String piece : pieces(block.path("input").toString())) {
                        deltas.add(json.createObjectNode().put("type", "input_json_delta").put("partial_json", piece));
                    }
                }
            }
            events.add(event("content_block_start", json.createObjectNode().put("type", "content_block_start").put("index", index)
                    .set("content_block", empty)));
            for (ObjectNode delta : deltas) {
                events.add(event("content_block_delta", json.createObjectNode().put("type", "content_block_delta").put("index", index)
                        .set("delta", delta)));
            }
            events.add(event("content_block_stop", json.createObjectNode().put("type", "content_block_stop").put("index", index)));
        }
        ObjectNode messageDelta = json.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason(response)).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", outputTokens);
        events.add(event("message_delta", messageDelta));
        events.add(event("message_stop", json.createObjectNode().put("type", "message_stop")));
        return events;
    }

    /** The message envelope with usage; for a system prompt marked for caching, its tokens are written once, then read. */
    private ObjectNode message(Parsed request, ModelResponse response) {
        ObjectNode message = json.createObjectNode()
                .put("id", "msg_" + randomId())
                .put("type", "message")
                .put("role", "assistant")
                .put("model", request.model());
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        long input = response.usage().inputTokens();
        long cacheWrite = 0, cacheRead = 0;
        if (Boolean.parseBoolean(request.options().get(CACHED_SYSTEM))) {
            String system = request.request().system();
            long prefix = Math.min(input, system.length() / 4);
            if (cachedSystems.add(sha256(system))) cacheWrite = prefix;
            else cacheRead = prefix;
            input -= prefix;
        }
        message.putObject("usage")
                .put("input_tokens", input)
                .put("output_tokens", response.usage().outputTokens())
                .put("cache_creation_input_tokens", cacheWrite)
                .put("cache_read_input_tokens", cacheRead);
        return message;
    }

    /** Thinking first (only when the request enabled it, as the API does), then text, then one block per tool call. */
    private List<ObjectNode> blocks(Parsed request, ModelResponse response) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (Boolean.parseBoolean(request.options().get(THINKING))) {
            blocks.add(json.createObjectNode().put("type", "thinking").put("thinking", response.reasoning())
                    .put("signature", sign(response.reasoning())));
        }
        if (!response.text().isEmpty()) blocks.add(json.createObjectNode().put("type", "text").put("text", response.text()));
        for (ToolCall call : response.toolCalls()) {
            ObjectNode block = json.createObjectNode().put("type", "tool_use").put("id", "toolu_" + randomId()).put("name", call.name());
            block.set("input", input(call.arguments()));
            blocks.add(block);
        }
        return blocks;
    }

    /** The API always returns a JSON object as a tool's input; a backing model's malformed arguments become {}. */
    private JsonNode input(String arguments) {
        try {
            JsonNode node = json.readTree(arguments);
            if (node != null && node.isObject()) return node;
        } catch (JsonProcessingException e) {
            // below
        }
        return json.createObjectNode();
    }

    private static String stopReason(ModelResponse response) {
        return switch (response.stopReason()) {
            case END_TURN -> "end_turn";
            case TOOL_USE -> "tool_use";
            case MAX_TOKENS -> "max_tokens";
            case CONTENT_FILTER -> "refusal";
            case OTHER -> "pause_turn";
        };
    }

    @Override
    public String errorBody(int status, String type, String message) {
        ObjectNode body = json.createObjectNode().put("type", "error");
        body.putObject("error").put("type", errorType(status, type)).put("message", message);
        body.put("request_id", "req_" + randomId());
        return body.toString();
    }

    private static String errorType(int status, String type) {
        return switch (type) {
            case "rate_limit" -> "rate_limit_error";
            case "overloaded" -> "overloaded_error";
            case "auth" -> "authentication_error";
            case "invalid_request" -> "invalid_request_error";
            case "not_found" -> "not_found_error";
            default -> status == 403 ? "permission_error" : status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    @Override
    public int overloadedStatus() {
        return 529;
    }

    private String sign(String thinking) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            return Base64.getEncoder().encodeToString(mac.doFinal(thinking.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    /** Up to {@value #DELTAS_PER_BLOCK} consecutive pieces, never splitting a surrogate pair; none for an empty text. */
    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int size = Math.max(1, (text.length() + DELTAS_PER_BLOCK - 1) / DELTAS_PER_BLOCK);
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + size);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end++;
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }

    private static String randomId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
