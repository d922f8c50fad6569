package io.mirage.model.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonString;
import com.openai.core.JsonValue;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import io.mirage.model.Message;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Pure conversions between neutral requests/responses and the SDK's Chat Completions types. */
final class OpenAiConverter {
    /**
     * Where OpenAI-compatible servers put reasoning: vLLM, DeepSeek and llama.cpp use
     * {@code reasoning_content}, OpenRouter and newer vLLM and Ollama {@code reasoning}. The SDK has
     * no typed field for either.
     */
    static final List<String> REASONING_FIELDS = List.of("reasoning_content", "reasoning");
    /**
     * Chat Completions has no error flag on tool results: an error is told to the model in the text,
     * with the prefix the world already uses for its errors.
     */
    static final String ERROR_PREFIX = "Error: ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiConverter() {}

    /**
     * The rollout's seed is always sent: OpenAI marks {@code seed} deprecated and treats it as best
     * effort, but vLLM, llama.cpp and Ollama honour it.
     */
    @SuppressWarnings("deprecation")
    static ChatCompletionCreateParams toParams(ModelRequest request, ChatOptions options) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(options.model())
                .seed(request.seed());
        if (!request.system().isBlank()) params.addSystemMessage(request.system());
        for (Message message : request.messages()) {
            switch (message) {
                case Message.User user -> params.addUserMessage(user.text());
                case Message.Assistant assistant -> params.addMessage(toParam(assistant));
                case Message.ToolResult result -> params.addMessage(toParam(result));
            }
        }
        for (ToolDefinition tool : request.tools()) params.addTool(toParam(tool));
        if (options.temperature() != null) params.temperature(options.temperature());
        if (options.maxCompletionTokens() != null) params.maxCompletionTokens(options.maxCompletionTokens().longValue());
        if (options.reasoningEffort() != null) params.reasoningEffort(ReasoningEffort.of(options.reasoningEffort()));
        if (options.stream()) params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        return params.build();
    }

    /** Reasoning is not sent back: the API takes none in requests, and servers that keep it reject it. */
    static ChatCompletionAssistantMessageParam toParam(Message.Assistant assistant) {
        ChatCompletionAssistantMessageParam.Builder param = ChatCompletionAssistantMessageParam.builder();
        if (!assistant.text().isEmpty() || assistant.toolCalls().isEmpty()) param.content(assistant.text());
        for (ToolCall call : assistant.toolCalls()) {
            param.addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                    .id(call.id())
                    .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                            .name(call.name())
                            .arguments(call.arguments())
                            .build())
                    .build());
        }
        return param.build();
    }

    static ChatCompletionToolMessageParam toParam(Message.ToolResult result) {
        String content = result.isError() && !result.content().startsWith(ERROR_PREFIX) ? ERROR_PREFIX + result.content() : result.content();
        return ChatCompletionToolMessageParam.builder().toolCallId(result.callId()).content(content).build();
    }

    static ChatCompletionFunctionTool toParam(ToolDefinition tool) {
        FunctionParameters.Builder parameters = FunctionParameters.builder();
        schema(tool).properties().forEach(e -> parameters.putAdditionalProperty(e.getKey(), JsonValue.fromJsonNode(e.getValue())));
        FunctionDefinition.Builder function = FunctionDefinition.builder().name(tool.name()).parameters(parameters.build());
        if (!tool.description().isBlank()) function.description(tool.description());
        return ChatCompletionFunctionTool.builder().function(function.build()).build();
    }

    private static JsonNode schema(ToolDefinition tool) {
        try {
            JsonNode schema = JSON.readTree(tool.parametersSchema());
            if (schema.isObject()) return schema;
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new IllegalArgumentException("tool " + tool.name() + " has a parameters schema that is not a JSON object");
    }

    static ModelResponse fromCompletion(ChatCompletion completion) throws ModelException {
        return toResponse(completion, null);
    }

    /**
     * Assembles a streamed answer. The SDK's accumulator rebuilds text, tool calls, usage and finish
     * reason, but of an untyped field such as {@code reasoning_content} it keeps only the last piece,
     * so the reasoning pieces are joined here.
     */
    static ModelResponse fromChunks(Iterator<ChatCompletionChunk> chunks) throws ModelException {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        StringBuilder reasoning = new StringBuilder();
        boolean finished = false;
        while (chunks.hasNext()) {
            ChatCompletionChunk chunk = accumulator.accumulate(chunks.next());
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                if (choice.index() != 0) continue;
                reasoning(choice.delta()._additionalProperties()).ifPresent(reasoning::append);
                finished |= choice._finishReason().asKnown().isPresent();
            }
        }
        if (!finished) throw new ModelException("the response stream ended before the model finished", ModelException.Kind.TRANSIENT);
        return toResponse(accumulator.chatCompletion(), reasoning.toString());
    }

    /** {@code streamedReasoning} is null when the reasoning is to be read from the message itself. */
    private static ModelResponse toResponse(ChatCompletion completion, String streamedReasoning) throws ModelException {
        ChatCompletion.Choice choice = firstChoice(completion);
        ChatCompletionMessage message = choice.message();
        String reasoning = streamedReasoning != null ? streamedReasoning : reasoning(message._additionalProperties()).orElse("");
        List<ToolCall> calls = new ArrayList<>();
        for (ChatCompletionMessageToolCall call : message.toolCalls().orElse(List.of())) {
            // some compatible servers leave out the id; the conversation still needs one to pair the result with
            call.function().ifPresent(f -> calls.add(new ToolCall(f._id().asKnown().orElse("call_" + calls.size()),
                    f.function().name(), f.function().arguments())));
        }
        // a refusal is the model's visible answer when it gives no content
        String text = message.content().filter(s -> !s.isEmpty()).or(message::refusal).orElse("");
        String finish = choice._finishReason().asKnown().map(ChatCompletion.Choice.FinishReason::asString).orElse("");
        return new ModelResponse(text, reasoning, calls, usage(completion.usage()), stopReason(finish, !calls.isEmpty()));
    }

    private static ChatCompletion.Choice firstChoice(ChatCompletion completion) throws ModelException {
        return completion.choices().stream().filter(c -> c.index() == 0).findFirst().orElseThrow(
                () -> new ModelException("the response has no choices", ModelException.Kind.TRANSIENT));
    }

    private static Optional<String> reasoning(Map<String, JsonValue> properties) {
        return REASONING_FIELDS.stream()
                .flatMap(field -> properties.get(field) instanceof JsonString s ? Stream.of(s.value()) : Stream.empty())
                .findFirst();
    }

    /** Neutral input tokens are the uncached ones: {@code prompt_tokens} counts the cached tokens too. */
    static Usage usage(Optional<CompletionUsage> usage) {
        if (usage.isEmpty()) return Usage.NONE;
        CompletionUsage u = usage.get();
        long cached = u.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L);
        return new Usage(u.promptTokens() - cached, u.completionTokens(), cached, 0);
    }

    /** Some compatible servers (older Ollama) say {@code stop} even when the turn ends in tool calls. */
    static StopReason stopReason(String finishReason, boolean hasToolCalls) {
        return switch (finishReason) {
            case "stop" -> hasToolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "length" -> StopReason.MAX_TOKENS;
            case "content_filter" -> StopReason.CONTENT_FILTER;
            default -> StopReason.OTHER;
        };
    }
}
