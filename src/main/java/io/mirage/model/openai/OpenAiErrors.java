package io.mirage.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.Headers;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/** Classifies the SDK's exceptions so that one retry policy can treat every provider alike. */
final class OpenAiErrors {
    private OpenAiErrors() {}

    /**
     * HTTP errors by status; an error event inside a stream by its type; everything else the SDK
     * throws (I/O, timeouts, resets, bodies it cannot read) is transient.
     */
    static ModelException classify(OpenAIException e) {
        if (e instanceof SseException sse) {
            return new ModelException("error in the response stream: " + describe(sse), streamKind(sse), null, e);
        }
        if (e instanceof OpenAIServiceException service) {
            int status = service.statusCode();
            Kind kind = kind(status, service.code().orElse(""));
            return new ModelException("HTTP " + status + ": " + describe(service), kind,
                    kind == Kind.RATE_LIMITED ? retryAfter(service.headers()).orElse(null) : null, e);
        }
        return new ModelException(e.getClass().getSimpleName() + ": " + e.getMessage() + rootCause(e), Kind.TRANSIENT, null, e);
    }

    /** The SDK's I/O messages say only "Request failed"; the root cause says what happened (timeout, reset, …). */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root == e) return "";
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
        return " (" + root.getClass().getSimpleName() + message + ")";
    }

    /**
     * By status, except that an exhausted quota or credit (OpenAI's 429 {@code insufficient_quota},
     * OpenRouter's 402) stops the run like a bad key: waiting will not help.
     */
    static Kind kind(int status, String code) {
        if (status == 402 || code.equals("insufficient_quota")) return Kind.AUTH;
        if (status == 429) return Kind.RATE_LIMITED;
        if (status == 401 || status == 403) return Kind.AUTH;
        // 408 (request timeout) and 409 (lock contention) are worth retrying, as the SDK's own policy says
        if (status == 408 || status == 409 || status >= 500) return Kind.TRANSIENT;
        return Kind.INVALID_REQUEST;
    }

    private static Kind streamKind(SseException e) {
        String type = e.type().orElse("") + " " + e.code().orElse("");
        if (type.contains("rate_limit")) return Kind.RATE_LIMITED;
        if (type.contains("invalid_request")) return Kind.INVALID_REQUEST;
        return Kind.TRANSIENT;
    }

    /** The provider's own words: {@code error.message}, with its type and code when given. */
    private static String describe(OpenAIServiceException e) {
        // the body's "error" object as the SDK parsed it; missing when the body was not OpenAI-shaped (a proxy's HTML page)
        JsonNode error = e.body().isMissing() ? null : e.body().convert(JsonNode.class);
        JsonNode message = error == null ? null : error.path("message");
        String text = message != null && message.isTextual() ? message.asText() : e.getMessage();
        String kind = e.type().or(e::code).map(t -> " (" + t + ")").orElse("");
        return text + kind;
    }

    /** {@code retry-after-ms} (OpenAI's own), else {@code retry-after} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(Headers headers) {
        Optional<Duration> millis = first(headers.values("retry-after-ms")).flatMap(v -> parse(v, Duration::ofMillis));
        if (millis.isPresent()) return millis;
        return first(headers.values("retry-after")).flatMap(v -> parse(v, Duration::ofSeconds).or(() -> httpDate(v)));
    }

    private static Optional<String> first(List<String> values) {
        return values.stream().map(String::trim).filter(v -> !v.isEmpty()).findFirst();
    }

    private static Optional<Duration> parse(String value, LongFunction<Duration> unit) {
        try {
            double amount = Double.parseDouble(value);
            return amount >= 0 ? Optional.of(unit.apply((long) Math.ceil(amount))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> httpDate(String value) {
        try {
            Duration wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
