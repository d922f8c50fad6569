package io.mirage.model.openai;

import io.mirage.TestPacks;
import io.mirage.localserver.Fault;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.OpenAiChatProtocol;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;
import io.mirage.model.ModelName;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelSettings;
import io.mirage.model.scripted.ScriptedProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every fault the local server injects reaches the caller as the ModelException kind a retry layer relies on. */
final class OpenAiFaultsTest {

    @ParameterizedTest(name = "{0}, stream={1} → {2}")
    @CsvSource({
            "RATE_LIMIT, false, RATE_LIMITED", "RATE_LIMIT, true, RATE_LIMITED",
            "SERVER_ERROR, false, TRANSIENT", "SERVER_ERROR, true, TRANSIENT",
            "OVERLOADED, false, TRANSIENT", "OVERLOADED, true, TRANSIENT",
            "MALFORMED_JSON, false, TRANSIENT", "MALFORMED_JSON, true, TRANSIENT",
            "TRUNCATED, false, TRANSIENT", "TRUNCATED, true, TRANSIENT",
            "RESET, false, TRANSIENT", "RESET, true, TRANSIENT",
            "UNAUTHORIZED, false, AUTH", "UNAUTHORIZED, true, AUTH",
            "TIMEOUT, false, TRANSIENT", "TIMEOUT, true, TRANSIENT"})
    void injectedFault_surfacesAsItsKind(Fault fault, boolean stream, Kind expected) {
        try (LocalServer server = LocalServer.start(new OpenAiChatProtocol(), backing(), FaultPlan.always(fault), Duration.ZERO)) {
            // a body cut short under its content-length leaves the JDK server's connection open: the client sees it at its timeout
            boolean stalls = fault == Fault.TIMEOUT || (fault == Fault.TRUNCATED && !stream);
            ModelSettings settings = new ModelSettings(null, null, null, null, server.baseUrl() + "/v1", null,
                    Duration.ofMillis(stalls ? 300 : 5_000), stream, null, null, null, null, null, null);
            Model model = new OpenAiProvider().create(ModelName.parse("openai/gpt-test"),
                    new ModelContext(settings, Map.of("OPENAI_API_KEY", "test-sentinel-key"), Optional.empty()));
            ModelException e = assertThrows(ModelException.class, () -> model.generate(request()));
            assertEquals(expected, e.kind(), e.getMessage());
            if (fault == Fault.RATE_LIMIT) assertEquals(Optional.of(Duration.ofSeconds(1)), e.retryAfter());
            assertEquals(1, server.received().size(), "the SDK's own retries are off");
        }
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void slowAnswer_withinTheTimeout_isAnAnswer(boolean stream) throws ModelException {
        try (LocalServer server = LocalServer.start(new OpenAiChatProtocol(), backing(), FaultPlan.always(Fault.SLOW), Duration.ZERO)) {
            ModelSettings settings = new ModelSettings(null, null, null, null, server.baseUrl() + "/v1", null,
                    Duration.ofSeconds(5), stream, null, null, null, null, null, null);
            Model model = new OpenAiProvider().create(ModelName.parse("openai/gpt-test"),
                    new ModelContext(settings, Map.of("OPENAI_API_KEY", "test-sentinel-key"), Optional.empty()));
            assertEquals("list_messages", model.generate(request()).toolCalls().getFirst().name());
        }
    }

    static Model backing() {
        ModelContext context = new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(TestPacks.blackmail().doubles()));
        return new ScriptedProvider().create(ModelName.parse("scripted/self-preserving?p=0.3"), context);
    }

    static ModelRequest request() {
        // with the mail tools offered, as in a rollout: without tools the scripted double writes its calls as text tags
        return new ModelRequest("You are Wren.", List.of(new Message.User("Please handle the inbox.")),
                io.mirage.world.ToolCatalog.definitions(List.of("list_messages", "read_message", "send_message")), 42);
    }
}
