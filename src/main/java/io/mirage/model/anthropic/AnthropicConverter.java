package io.mirage.model.anthropic;

import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.OutputConfig;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUnion;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mirage.model.Message;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Pure conversions between Mirage's neutral model types and the Anthropic SDK's Messages API types. */
final class AnthropicConverter {
    /** The reasoning text that stands for a {@code redacted_thinking} block, whose content is encrypted. */
    static final String REDACTED_THINKING = "[redacted thinking]";
    /**
     * The Messages API has no seed. The rollout's seed travels as {@code metadata.user_id}, the field meant for an
     * opaque identifier of who a request is for: here, one rollout. The local protocol server reads it back.
     */
    static final String ROLLOUT_USER_ID_PREFIX = "mirage-rollout-";

    private static final JsonMapper JSON = ObjectMappers.jsonMapper();
    private static final CacheControlEphemeral CACHE = CacheControlEphemeral.builder().build();

    private AnthropicConverter() {}

    static String userId(long seed) {
        return ROLLOUT_USER_ID_PREFIX + Long.toHexString(seed);
    }

    /**
     * The request for one call. {@code replay} gives the original blocks of an earlier assistant turn when
     * they must be sent back verbatim (thinking with its signature); see {@link ThinkingTurns}.
     * Prompt caching: the static prefix of every rollout of a condition — tools, system prompt, first user
     * message — carries cache breakpoints (the API allows four), so repeated rollouts read it from the cache.
     */
    static MessageCreateParams params(ModelRequest request, RequestSettings settings,
                                      Function<Message.Assistant, Optional<List<ContentBlockParam>>> replay) {
        MessageCreateParams.Builder b = MessageCreateParams.builder()
                .model(settings.model())
                .maxTokens(settings.maxTokens())
                .metadata(Metadata.builder().userId(userId(request.seed())).build())
                .messages(messages(request.messages(), replay));
        if (request.system() != null && !request.system().isEmpty()) {
            b.systemOfTextBlockParams(List.of(TextBlockParam.builder().text(request.system()).cacheControl(CACHE).build()));
        }
        if (!request.tools().isEmpty()) b.tools(tools(request.tools()));
        // SDK 3.14 has no typed temperature (the API deprecated it; newer models answer 400 when it is present, older
        // ones still take it): sent as an extra body field, only when set, so the API's own answer decides.
        if (settings.temperature() != null) b.putAdditionalBodyProperty("temperature", JsonValue.from(settings.temperature()));
        if (settings.thinkingBudget() != null) b.enabledThinking(settings.thinkingBudget());
        if (settings.effort() != null) b.outputConfig(OutputConfig.builder().effort(OutputConfig.Effort.of(settings.effort())).build());
        return b.build();
    }

    /** Consecutive tool results (one assistant turn's calls) become one user message of {@code tool_result} blocks. */
    static List<MessageParam> messages(List<Message> messages, Function<Message.Assistant, Optional<List<ContentBlockParam>>> replay) {
        List<MessageParam> out = new ArrayList<>();
        List<ContentBlockParam> results = new ArrayList<>();
        boolean firstUser = true;
        for (Message m : messages) {
            switch (m) {
                case Message.ToolResult r -> results.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(r.callId()).content(r.content()).isError(r.isError()).build()));
                case Message.User u -> {
                    flushResults(out, results);
                    TextBlockParam.Builder text = TextBlockParam.builder().text(u.text());
                    if (firstUser) text.cacheControl(CACHE);
                    firstUser = false;
                    out.add(MessageParam.ofUserOfContentBlockParams(List.of(ContentBlockParam.ofText(text.build()))));
                }
                case Message.Assistant a -> {
                    flushResults(out, results);
                    out.add(MessageParam.ofAssistantOfContentBlockParams(replay.apply(a).orElseGet(() -> blocks(a))));
                }
            }
        }
        if (!results.isEmpty()) {
            // A rolling breakpoint on the newest tool result caches the conversation so far — the inbox the agent
            // has read included — for its next turn (with system, tools and first message: the API's four).
            ToolResultBlockParam last = results.removeLast().asToolResult();
            results.add(ContentBlockParam.ofToolResult(last.toBuilder().cacheControl(CACHE).build()));
        }
        flushResults(out, results);
        return out;
    }

    private static void flushResults(List<MessageParam> out, List<ContentBlockParam> results) {
        if (results.isEmpty()) return;
        out.add(MessageParam.ofUserOfContentBlockParams(List.copyOf(results)));
        results.clear();
    }

    /**
     * An assistant turn rebuilt from neutral parts. Its reasoning is left out: the API accepts thinking only
     * with the signature it issued, which a neutral turn does not keep.
     */
    private static List<ContentBlockParam> blocks(Message.Assistant a) {
        List<ContentBlockParam> blocks = new ArrayList<>();
        if (!a.text().isEmpty()) blocks.add(ContentBlockParam.ofText(TextBlockParam.builder().text(a.text()).build()));
        for (ToolCall call : a.toolCalls()) {
            blocks.add(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder()
                    .id(call.id()).name(call.name()).input(input(call.arguments())).build()));
        }
        return blocks;
    }

    /** Arguments that are not a JSON object (a model's malformed output) go back as {@code {}}: the API takes only objects. */
    static ToolUseBlockParam.Input input(String arguments) {
        try {
            return JSON.readValue(arguments, ToolUseBlockParam.Input.class);
        } catch (JsonProcessingException | RuntimeException e) {
            return ToolUseBlockParam.Input.builder().build();
        }
    }

    /** The last tool carries a cache breakpoint: the tool list is the start of every request's prefix. */
    static List<ToolUnion> tools(List<ToolDefinition> definitions) {
        List<ToolUnion> out = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            ToolDefinition d = definitions.get(i);
            Tool.Builder tool = Tool.builder().name(d.name()).inputSchema(schema(d));
            if (d.description() != null && !d.description().isEmpty()) tool.description(d.description());
            if (i == definitions.size() - 1) tool.cacheControl(CACHE);
            out.add(ToolUnion.ofTool(tool.build()));
        }
        return out;
    }

    private static Tool.InputSchema schema(ToolDefinition d) {
        try {
            return JSON.readValue(d.parametersSchema(), Tool.InputSchema.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tool " + d.name() + " has a schema that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The neutral answer: text blocks joined as they are, the text of thinking blocks (and a marker for each
     * redacted one) as reasoning, every {@code tool_use} block as a call with its input as JSON text.
     * Blocks of server-side tools are ignored: Mirage offers none.
     */
    static ModelResponse response(com.anthropic.models.messages.Message message) {
        StringBuilder text = new StringBuilder();
        List<String> reasoning = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            if (block.isText()) {
                text.append(block.asText().text());
            } else if (block.isThinking()) {
                if (!block.asThinking().thinking().isEmpty()) reasoning.add(block.asThinking().thinking());
            } else if (block.isRedactedThinking()) {
                reasoning.add(REDACTED_THINKING);
            } else if (block.isToolUse()) {
                calls.add(new ToolCall(block.asToolUse().id(), block.asToolUse().name(), json(block.asToolUse()._input())));
            }
        }
        return new ModelResponse(text.toString(), String.join("\n\n", reasoning), calls, usage(message.usage()),
                stopReason(message.stopReason().orElse(null)));
    }

    /** The blocks to send back verbatim later, when the answer holds thinking that must keep its signature. */
    static Optional<List<ContentBlockParam>> replayBlocks(com.anthropic.models.messages.Message message) {
        boolean thinking = message.content().stream().anyMatch(b -> b.isThinking() || b.isRedactedThinking());
        return thinking ? Optional.of(message.content().stream().map(ContentBlock::toParam).toList()) : Optional.empty();
    }

    /** Anthropic's {@code input_tokens} excludes the tokens read from or written to the prompt cache. */
    static Usage usage(com.anthropic.models.messages.Usage usage) {
        return new Usage(usage.inputTokens(), usage.outputTokens(), usage.cacheReadInputTokens().orElse(0L),
                usage.cacheCreationInputTokens().orElse(0L));
    }

    static StopReason stopReason(com.anthropic.models.messages.StopReason reason) {
        if (reason == null) return StopReason.OTHER;
        return switch (reason.value()) {
            case END_TURN, STOP_SEQUENCE -> StopReason.END_TURN;
            case TOOL_USE -> StopReason.TOOL_USE;
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> StopReason.MAX_TOKENS;
            case REFUSAL -> StopReason.CONTENT_FILTER;
            case PAUSE_TURN, _UNKNOWN -> StopReason.OTHER;
        };
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tool input the SDK parsed cannot be written back as JSON", e);
        }
    }
}
