package io.mirage.model.google;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Tool;
import io.mirage.model.Message;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Pure conversions between Mirage's neutral model types and the Gemini SDK's types. */
final class GeminiConverter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
    private static final Pattern GENERATED_ID = Pattern.compile("call_\\d+_\\d+");
    private static final Set<FinishReason.Known> FILTERED = Set.of(FinishReason.Known.SAFETY, FinishReason.Known.RECITATION,
            FinishReason.Known.PROHIBITED_CONTENT, FinishReason.Known.BLOCKLIST, FinishReason.Known.SPII,
            FinishReason.Known.IMAGE_SAFETY, FinishReason.Known.IMAGE_PROHIBITED_CONTENT, FinishReason.Known.IMAGE_RECITATION);
    /**
     * Google's documented placeholder for a function-call turn whose real thought signature is unknown
     * (e.g. a transcript this process did not receive); Gemini 3 rejects such turns without any signature.
     */
    static final byte[] PLACEHOLDER_SIGNATURE = "skip_thought_signature_validator".getBytes(StandardCharsets.US_ASCII);

    private GeminiConverter() {}

    /** Gemini takes an int32 seed: the rollout's 64-bit seed folded, the same way every time. */
    static int seed(long seed) {
        return (int) (seed ^ (seed >>> 32));
    }

    /** The id Mirage gives a function call that came without one: stable for the turn and the call's position. */
    static String callId(int turn, int index) {
        return "call_" + turn + "_" + index;
    }

    /** Ids made by {@link #callId} are Mirage's, not Gemini's, and are never sent back. */
    static boolean isGeneratedId(String id) {
        return GENERATED_ID.matcher(id).matches();
    }

    /** The request's settings: system instruction, tools, seed, sampling and thinking. */
    static GenerateContentConfig config(ModelRequest request, ModelSettings settings) {
        GenerateContentConfig.Builder config = GenerateContentConfig.builder().seed(seed(request.seed()));
        if (request.system() != null && !request.system().isEmpty()) {
            config.systemInstruction(Content.builder().parts(Part.fromText(request.system())).build());
        }
        if (!request.tools().isEmpty()) {
            config.tools(Tool.builder().functionDeclarations(request.tools().stream().map(GeminiConverter::declaration).toList()).build());
        }
        if (settings.temperature() != null) config.temperature(settings.temperature().floatValue());
        if (settings.maxOutputTokens() != null) config.maxOutputTokens(settings.maxOutputTokens());
        thinking(settings).ifPresent(config::thinkingConfig);
        return config.build();
    }

    /** Thoughts are asked for only when a reasoning setting is given: older models reject a thinking config. */
    static Optional<ThinkingConfig> thinking(ModelSettings settings) {
        if (settings.thinkingBudget() == null && settings.reasoningEffort() == null) return Optional.empty();
        ThinkingConfig.Builder thinking = ThinkingConfig.builder().includeThoughts(true);
        if (settings.thinkingBudget() != null) thinking.thinkingBudget(settings.thinkingBudget());
        if (settings.reasoningEffort() != null) thinking.thinkingLevel(settings.reasoningEffort().toUpperCase(Locale.ROOT));
        return Optional.of(thinking.build());
    }

    static FunctionDeclaration declaration(ToolDefinition tool) {
        FunctionDeclaration.Builder declaration = FunctionDeclaration.builder().name(tool.name());
        if (tool.description() != null) declaration.description(tool.description());
        if (tool.parametersSchema() != null && !tool.parametersSchema().isBlank()) {
            declaration.parametersJsonSchema(jsonObject(tool.parametersSchema()));
        }
        return declaration.build();
    }

    /**
     * The conversation as Gemini contents. A model turn that {@code remembered} still holds is sent back
     * exactly as Gemini returned it (with its thought signatures); others are rebuilt from the neutral message.
     */
    static List<Content> contents(String system, List<Message> messages, TurnMemory remembered) {
        List<String> keys = TurnMemory.keys(system, messages);
        List<Content> contents = new ArrayList<>();
        List<Part> toolResults = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (!(message instanceof Message.ToolResult) && !toolResults.isEmpty()) {
                contents.add(userContent(toolResults));
                toolResults = new ArrayList<>();
            }
            switch (message) {
                case Message.User user -> contents.add(userContent(List.of(Part.fromText(user.text()))));
                case Message.Assistant assistant -> contents.add(remembered.recall(keys.get(i)).orElseGet(() -> modelContent(assistant)));
                case Message.ToolResult result -> toolResults.add(functionResponse(result));
            }
        }
        if (!toolResults.isEmpty()) contents.add(userContent(toolResults));
        return contents;
    }

    private static Content userContent(List<Part> parts) {
        return Content.builder().role("user").parts(parts).build();
    }

    /**
     * A model turn rebuilt from the neutral message: text and function calls. Reasoning is not sent back
     * (thought summaries are output only), and the first call carries the placeholder signature.
     */
    static Content modelContent(Message.Assistant assistant) {
        List<Part> parts = new ArrayList<>();
        if (!assistant.text().isEmpty() || assistant.toolCalls().isEmpty()) parts.add(Part.fromText(assistant.text()));
        for (ToolCall call : assistant.toolCalls()) {
            FunctionCall.Builder functionCall = FunctionCall.builder().name(call.name()).args(arguments(call.arguments()));
            if (!isGeneratedId(call.id())) functionCall.id(call.id());
            Part.Builder part = Part.builder().functionCall(functionCall.build());
            if (parts.stream().noneMatch(p -> p.functionCall().isPresent())) part.thoughtSignature(PLACEHOLDER_SIGNATURE);
            parts.add(part.build());
        }
        return Content.builder().role("model").parts(parts).build();
    }

    static Part functionResponse(Message.ToolResult result) {
        FunctionResponse.Builder response = FunctionResponse.builder().name(result.toolName())
                .response(Map.of(result.isError() ? "error" : "result", result.content()));
        if (result.callId() != null && !isGeneratedId(result.callId())) response.id(result.callId());
        return Part.builder().functionResponse(response.build()).build();
    }

    /**
     * Tool-call arguments as Gemini's args object. Gemini itself only ever returns objects; arguments that
     * are not a JSON object (a transcript from elsewhere) are kept as text rather than lost.
     */
    static Map<String, Object> arguments(String json) {
        try {
            if (JSON.readTree(json) instanceof ObjectNode) return JSON.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            // kept as text below
        }
        return Map.of("raw_arguments", json);
    }

    private static Map<String, Object> jsonObject(String json) {
        try {
            return JSON.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tool schema is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** A complete (non-streamed) answer; {@code turn} numbers the model turn for ids Gemini did not give. */
    static ModelResponse response(GenerateContentResponse response, int turn) {
        Candidate candidate = response.candidates().filter(c -> !c.isEmpty()).map(List::getFirst).orElse(null);
        List<Part> parts = candidate == null ? List.of() : candidate.content().flatMap(Content::parts).orElse(List.of());
        FinishReason finish = candidate == null ? null : candidate.finishReason().orElse(null);
        boolean blocked = candidate == null && response.promptFeedback().flatMap(f -> f.blockReason()).isPresent();
        return fromParts(parts, finish, blocked, response.usageMetadata().orElse(null), turn);
    }

    static ModelResponse fromParts(List<Part> parts, FinishReason finish, boolean promptBlocked,
                                   GenerateContentResponseUsageMetadata usage, int turn) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (Part part : parts) {
            part.text().ifPresent(t -> (part.thought().orElse(false) ? reasoning : text).append(t));
            part.functionCall().ifPresent(call -> calls.add(new ToolCall(
                    call.id().filter(id -> !id.isBlank()).orElse(callId(turn, calls.size())),
                    call.name().orElse(""), argumentsJson(call.args().orElse(Map.of())))));
        }
        StopReason stop = promptBlocked ? StopReason.CONTENT_FILTER : stopReason(finish, !calls.isEmpty());
        return new ModelResponse(text.toString(), reasoning.toString(), calls, usage(usage), stop);
    }

    static String argumentsJson(Map<String, Object> args) {
        try {
            return JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write function-call arguments as JSON", e);
        }
    }

    static StopReason stopReason(FinishReason finish, boolean hasCalls) {
        if (finish == null) return hasCalls ? StopReason.TOOL_USE : StopReason.OTHER;
        FinishReason.Known known = finish.knownEnum();
        if (known == FinishReason.Known.STOP) return hasCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
        if (known == FinishReason.Known.MAX_TOKENS) return StopReason.MAX_TOKENS;
        if (FILTERED.contains(known)) return StopReason.CONTENT_FILTER;
        return StopReason.OTHER;
    }

    /**
     * Gemini counts cached tokens inside the prompt total; {@link Usage} keeps them apart, so input is the
     * uncached rest. Output includes thinking tokens, which are billed as output.
     */
    static Usage usage(GenerateContentResponseUsageMetadata usage) {
        if (usage == null) return Usage.NONE;
        long cached = usage.cachedContentTokenCount().orElse(0);
        long output = usage.candidatesTokenCount().orElse(0) + (long) usage.thoughtsTokenCount().orElse(0);
        return new Usage(Math.max(0, usage.promptTokenCount().orElse(0) - cached), output, cached, 0);
    }
}
