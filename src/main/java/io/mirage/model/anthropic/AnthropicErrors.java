package io.mirage.model.anthropic;

import com.anthropic.core.http.Headers;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicRetryableException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.CredentialResolutionException;
import com.anthropic.errors.NoCredentialsException;
import com.anthropic.errors.SseException;
import com.anthropic.models.ErrorType;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;

import java.time.Duration;
import java.util.List;

/** Classifies the Anthropic SDK's exceptions (thrown with the SDK's own retries off) into {@link ModelException} kinds. */
final class AnthropicErrors {
    private AnthropicErrors() {}

    static ModelException classify(AnthropicException e) {
        return switch (e) {
            case SseException sse -> service(sse, kindOf(sse.errorType().orElse(null)));
            case AnthropicServiceException s -> service(s, kindOf(s.statusCode()));
            // timeouts, resets, refused connections
            case AnthropicIoException io -> new ModelException("anthropic: I/O failure: " + withCause(e), Kind.TRANSIENT, null, e);
            // a body that is not JSON, is cut short, or lacks required fields
            case AnthropicInvalidDataException bad -> new ModelException("anthropic: unreadable response: " + withCause(e), Kind.TRANSIENT, null, e);
            case AnthropicRetryableException r -> new ModelException("anthropic: " + e.getMessage(), Kind.TRANSIENT, null, e);
            case NoCredentialsException n -> new ModelException("anthropic: " + e.getMessage(), Kind.AUTH, null, e);
            case CredentialResolutionException c -> new ModelException("anthropic: " + e.getMessage(), Kind.AUTH, null, e);
            // anything else the SDK raises is a failure of this request, not of the service
            default -> new ModelException("anthropic: " + e.getMessage(), Kind.INVALID_REQUEST, null, e);
        };
    }

    /** By HTTP status, as the API documents them; 408, 409 and 5xx (529 overloaded) are worth retrying. */
    static Kind kindOf(int status) {
        if (status == 429) return Kind.RATE_LIMITED;
        // 402: no credit left; like a bad key, nothing else in the run will work
        if (status == 401 || status == 402 || status == 403) return Kind.AUTH;
        if (status == 408 || status == 409 || status >= 500) return Kind.TRANSIENT;
        return Kind.INVALID_REQUEST;
    }

    /** An error event inside a 200 stream has no status of its own: classify it by its error type. */
    static Kind kindOf(ErrorType type) {
        if (type == null) return Kind.TRANSIENT;
        return switch (type.value()) {
            case RATE_LIMIT_ERROR -> Kind.RATE_LIMITED;
            case AUTHENTICATION_ERROR, PERMISSION_ERROR, BILLING_ERROR -> Kind.AUTH;
            case API_ERROR, OVERLOADED_ERROR, TIMEOUT_ERROR, CONFLICT_ERROR, _UNKNOWN -> Kind.TRANSIENT;
            default -> Kind.INVALID_REQUEST;
        };
    }

    private static ModelException service(AnthropicServiceException e, Kind kind) {
        StringBuilder message = new StringBuilder("anthropic: HTTP ").append(e.statusCode());
        e.errorType().ifPresent(t -> message.append(' ').append(t.asString()));
        message.append(": ").append(e.apiMessage().orElse(e.getMessage()));
        e.requestId().ifPresent(id -> message.append(" (request ").append(id).append(')'));
        Duration retryAfter = kind == Kind.RATE_LIMITED ? retryAfter(e.headers()) : null;
        return new ModelException(message.toString(), kind, retryAfter, e);
    }

    /** The SDK's own message is generic ("Request failed"); the first cause says what happened (timeout, reset, …). */
    private static String withCause(AnthropicException e) {
        Throwable cause = e.getCause();
        return cause == null ? e.getMessage() : e.getMessage() + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }

    /** {@code retry-after-ms} or {@code retry-after} in seconds; a date form is ignored. */
    static Duration retryAfter(Headers headers) {
        Double millis = number(headers.values("retry-after-ms"));
        if (millis != null) return Duration.ofMillis(Math.round(millis));
        Double seconds = number(headers.values("retry-after"));
        return seconds == null ? null : Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static Double number(List<String> values) {
        if (values.isEmpty()) return null;
        try {
            double v = Double.parseDouble(values.getFirst().trim());
            return v >= 0 && Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
