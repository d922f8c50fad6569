package io.mirage.model.google;

import com.google.genai.errors.ApiException;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.errors.ServerException;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;

import java.time.Duration;
import java.util.Optional;

/** Maps what the Gemini SDK throws (its retries switched off) onto Mirage's error kinds. */
final class GeminiErrors {
    private GeminiErrors() {}

    static ModelException classify(RuntimeException e, Optional<Duration> retryAfter) {
        return switch (e) {
            case ClientException c when c.code() == 429 ->
                    new ModelException("Gemini rate limit (429): " + detail(c), Kind.RATE_LIMITED, retryAfter.orElse(null), e);
            case ClientException c when c.code() == 401 || c.code() == 403 ->
                    new ModelException("Gemini refused the API key (" + c.code() + "): " + detail(c), Kind.AUTH, null, e);
            // Gemini answers a bad or expired key with 400 INVALID_ARGUMENT (reason API_KEY_INVALID), not 401
            case ClientException c when c.code() == 400 && rejectsKey(c) ->
                    new ModelException("Gemini refused the API key (400): " + detail(c), Kind.AUTH, null, e);
            case ClientException c when c.code() == 408 ->
                    new ModelException("Gemini request timed out (408): " + detail(c), Kind.TRANSIENT, null, e);
            case ClientException c -> new ModelException("Gemini rejected the request (" + c.code() + "): " + detail(c),
                    Kind.INVALID_REQUEST, null, e);
            case ServerException s -> new ModelException("Gemini server error (" + s.code() + "): " + detail(s), Kind.TRANSIENT, null, e);
            case ApiException a -> new ModelException("Gemini answered " + a.code() + ": " + detail(a), Kind.TRANSIENT, null, e);
            // connection refused or reset, timeouts, bodies cut short or not JSON
            case GenAiIOException io -> new ModelException("Gemini I/O failure: " + chain(io), Kind.TRANSIENT, null, e);
            // the SDK's stream reader wraps a chunk it cannot convert
            case IllegalStateException bad -> new ModelException("Gemini answer could not be read: " + chain(bad), Kind.TRANSIENT, null, e);
            // anything else is the SDK refusing our request before sending it: retrying will not help
            default -> new ModelException("Gemini client refused the request: " + chain(e), Kind.INVALID_REQUEST, null, e);
        };
    }

    private static final java.util.regex.Pattern KEY_REJECTED =
            java.util.regex.Pattern.compile("(?i)api[ _]key[ _](not[ _]valid|invalid|expired)");

    /** The SDK keeps only the error's message and status, not its ErrorInfo reason: the message names the key. */
    static boolean rejectsKey(ApiException e) {
        return KEY_REJECTED.matcher(String.valueOf(e.message()) + " " + e.getMessage()).find();
    }

    private static String detail(ApiException e) {
        String message = e.message() == null || e.message().isBlank() ? e.status() : e.message();
        return message == null ? "(no message)" : message;
    }

    /** The exception's messages down its causes: the root (e.g. a socket timeout) is the useful part. */
    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!sb.isEmpty()) sb.append(": ");
            sb.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return sb.toString();
    }
}
