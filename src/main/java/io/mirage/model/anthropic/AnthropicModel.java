package io.mirage.model.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;

import java.util.Map;

/** A model behind Anthropic's Messages API, called through the official SDK (one client per model, thread-safe). */
final class AnthropicModel implements Model {
    /** Thinking turns kept for re-sending: far more than the turns of all rollouts in flight at once. */
    private static final int THINKING_TURNS = 10_000;

    private final String name;
    private final RequestSettings settings;
    private final AnthropicClient client;
    private final ThinkingTurns thinkingTurns = new ThinkingTurns(THINKING_TURNS);

    AnthropicModel(String name, RequestSettings settings, AnthropicClient client) {
        this.name = name;
        this.settings = settings;
        this.client = client;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> parameters() {
        return settings.describe();
    }

    @Override
    public ModelResponse generate(ModelRequest request) throws ModelException {
        MessageCreateParams params = AnthropicConverter.params(request, settings, thinkingTurns::blocksFor);
        try {
            com.anthropic.models.messages.Message message = settings.stream() ? streamed(params) : client.messages().create(params);
            // inside the try: the SDK checks required fields lazily, when they are read
            ModelResponse response = AnthropicConverter.response(message);
            AnthropicConverter.replayBlocks(message).ifPresent(blocks -> thinkingTurns.remember(response.toMessage(), blocks));
            return response;
        } catch (AnthropicException e) {
            throw AnthropicErrors.classify(e);
        }
    }

    private com.anthropic.models.messages.Message streamed(MessageCreateParams params) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        boolean stopped = false;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            for (RawMessageStreamEvent event : stream) stopped |= accumulator.accumulate(event).isMessageStop();
        }
        // A stream cut short ends without an error of its own; the accumulator would only throw IllegalStateException.
        if (!stopped) throw new AnthropicInvalidDataException("the event stream ended before message_stop");
        return accumulator.message();
    }
}
