package io.mirage.model.google;

import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.model.Usage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared pieces of the Gemini tests: settings pointing at a local server, and a fixed backing model. */
final class GeminiFixtures {
    static final String KEY = "test-sentinel-key";
    static final Map<String, String> ENV = Map.of(GoogleProvider.API_KEY_ENV, KEY);

    private GeminiFixtures() {}

    static ModelSettings settings(String baseUrl, boolean stream, Duration timeout) {
        return new ModelSettings(null, null, null, null, baseUrl, null, timeout, stream, null, null, null, null, null, null);
    }

    static Model model(String baseUrl, boolean stream, Duration timeout) {
        return new GoogleProvider().create(ModelName.parse("google/gemini-test"),
                new ModelContext(settings(baseUrl, stream, timeout), ENV, Optional.empty()));
    }

    static ModelRequest request(long seed) {
        return new ModelRequest("You are Wren.", List.of(new Message.User("Check the inbox.")),
                List.of(new ToolDefinition("list_messages", "Lists the inbox.", "{\"type\":\"object\",\"properties\":{}}")), seed);
    }

    /** Always answers with reasoning, a little text and two parallel tool calls. */
    record Fixed(ModelResponse response) implements Model {
        static Fixed toolCalls() {
            return new Fixed(new ModelResponse("Reading both.", "Two messages look urgent.",
                    List.of(new ToolCall("call_0", "read_message", "{\"message_id\":\"m1\"}"),
                            new ToolCall("call_1", "read_message", "{\"message_id\":\"m2\"}")),
                    new Usage(120, 40, 0, 0), StopReason.TOOL_USE));
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public ModelResponse generate(ModelRequest request) {
            return response;
        }
    }
}
