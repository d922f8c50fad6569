package io.mirage.localserver;

/** A failure a local server can inject into a response, as real providers show them. */
public enum Fault {
    /** 429 with a {@code retry-after} header. */
    RATE_LIMIT,
    /** 500 with a provider-shaped error body. */
    SERVER_ERROR,
    /** The provider's "overloaded" answer (Anthropic 529, others 503). */
    OVERLOADED,
    /** A correct answer, but only after a long pause (longer than the latency, shorter than a timeout). */
    SLOW,
    /** No answer until the client gives up. */
    TIMEOUT,
    /** 200 with a body that is not valid JSON. */
    MALFORMED_JSON,
    /** The body (or event stream) stops half-way. */
    TRUNCATED,
    /** The connection is closed without any response. */
    RESET,
    /** 401 with an authentication error body. */
    UNAUTHORIZED
}
