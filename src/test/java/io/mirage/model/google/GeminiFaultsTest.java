package io.mirage.model.google;

import io.mirage.localserver.Fault;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.GeminiProtocol;
import io.mirage.localserver.LocalServer;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every fault the local server can inject reaches the caller as the right kind of ModelException. */
final class GeminiFaultsTest {

    static Stream<Arguments> faults() {
        return Stream.of(false, true).flatMap(stream -> Stream.of(
                Arguments.of(Fault.RATE_LIMIT, Kind.RATE_LIMITED, stream),
                Arguments.of(Fault.SERVER_ERROR, Kind.TRANSIENT, stream),
                Arguments.of(Fault.OVERLOADED, Kind.TRANSIENT, stream),
                Arguments.of(Fault.MALFORMED_JSON, Kind.TRANSIENT, stream),
                Arguments.of(Fault.TRUNCATED, Kind.TRANSIENT, stream),
                Arguments.of(Fault.RESET, Kind.TRANSIENT, stream),
                Arguments.of(Fault.UNAUTHORIZED, Kind.AUTH, stream),
                Arguments.of(Fault.TIMEOUT, Kind.TRANSIENT, stream)));
    }

    /**
     * Short where the client can only find out by waiting: TIMEOUT, and TRUNCATED without streaming (the JDK
     * server keeps the connection open after the short body, so the client waits for the rest).
     */
    private static Duration timeout(Fault fault) {
        return fault == Fault.TIMEOUT || fault == Fault.TRUNCATED ? Duration.ofMillis(400) : Duration.ofSeconds(5);
    }

    @ParameterizedTest(name = "{0} -> {1} (stream={2})")
    @MethodSource("faults")
    void injectedFault_surfacesAsItsKind_withOneRequestOnly(Fault fault, Kind kind, boolean stream) {
        try (LocalServer server = LocalServer.start(new GeminiProtocol(), GeminiFixtures.Fixed.toolCalls(), FaultPlan.always(fault), Duration.ZERO)) {
            Model model = GeminiFixtures.model(server.baseUrl(), stream, timeout(fault));
            ModelException e = assertThrows(ModelException.class, () -> model.generate(GeminiFixtures.request(7)));
            assertEquals(kind, e.kind(), e.getMessage());
            assertEquals(1, server.received().size(), "SDK retries are off");
            assertEquals(fault == Fault.RATE_LIMIT ? Optional.of(Duration.ofSeconds(1)) : Optional.empty(), e.retryAfter());
            assertTrue(e.getMessage().startsWith("Gemini"), e.getMessage());
        }
    }
}
