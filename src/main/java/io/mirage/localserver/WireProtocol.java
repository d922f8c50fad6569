package io.mirage.localserver;

import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;

import java.util.List;
import java.util.Map;

/**
 * One provider's HTTP API as a local server speaks it: which requests it answers, how a request
 * body maps to a neutral {@link ModelRequest}, and how a neutral {@link ModelResponse} and errors
 * are written back in the provider's documented shapes.
 */
public interface WireProtocol {

    /**
     * A parsed request: the neutral request, whether the client asked for a server-sent-event stream, and
     * {@code options} the protocol reads again when rendering (request fields with no place in the neutral
     * request that change the answer's shape, e.g. whether thinking was enabled).
     */
    record Parsed(ModelRequest request, boolean stream, String model, Map<String, String> options) {
        public Parsed {
            options = Map.copyOf(options);
        }

        public Parsed(ModelRequest request, boolean stream, String model) {
            this(request, stream, model, Map.of());
        }
    }

    /** A request the protocol cannot parse; answered with 400 and the provider's error shape. */
    final class BadRequest extends Exception {
        public BadRequest(String message) {
            super(message);
        }
    }

    boolean handles(String method, String path);

    /** Whether the request carries a credential in the place this provider expects one. */
    boolean authorized(Map<String, List<String>> headers, String query);

    Parsed parse(String path, byte[] body) throws BadRequest;

    /** The JSON body of a complete, non-streamed answer. */
    String render(Parsed request, ModelResponse response);

    /** The server-sent events of a streamed answer, each a complete {@code event:/data:} block. */
    List<String> renderStream(Parsed request, ModelResponse response);

    /** A provider-shaped error body. {@code type} is e.g. rate_limit, server, overloaded, auth, invalid_request. */
    String errorBody(int status, String type, String message);

    /** The HTTP status with which this provider rejects an API key (most use 401). */
    default int rejectedKeyStatus() {
        return 401;
    }

    /** The body with which this provider rejects an API key. */
    default String rejectedKeyBody() {
        return errorBody(401, "auth", "invalid x-api-key");
    }

    /** The HTTP status this provider uses for "overloaded". */
    default int overloadedStatus() {
        return 503;
    }
}
