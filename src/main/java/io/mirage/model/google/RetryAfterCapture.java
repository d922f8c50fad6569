package io.mirage.model.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Remembers how long a 429 asked us to wait. The SDK's {@code ClientException} keeps only the status and
 * message, so this OkHttp interceptor reads the {@code retry-after} header or, failing that, the
 * {@code google.rpc.RetryInfo} detail of the error body, and keeps it for the calling thread (the SDK's
 * synchronous calls run interceptors on the caller's thread).
 */
final class RetryAfterCapture implements Interceptor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BODY = 64 * 1024;

    private final ThreadLocal<Duration> last = new ThreadLocal<>();

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() == 429) {
            Optional<Duration> wait = fromHeader(response.header("retry-after"));
            if (wait.isEmpty()) wait = fromBody(response.peekBody(MAX_BODY).string());
            wait.ifPresent(last::set);
        }
        return response;
    }

    void clear() {
        last.remove();
    }

    /** The wait asked for by the last 429 this thread received since {@link #clear()}. */
    Optional<Duration> take() {
        Duration wait = last.get();
        last.remove();
        return Optional.ofNullable(wait);
    }

    /** Seconds, as Gemini and most proxies send it; an HTTP date is not worth the parse for a hint. */
    static Optional<Duration> fromHeader(String value) {
        if (value == null) return Optional.empty();
        try {
            return Optional.of(seconds(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code {"error": {"details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s"}]}}} */
    static Optional<Duration> fromBody(String body) {
        try {
            for (JsonNode detail : JSON.readTree(body).path("error").path("details")) {
                String delay = detail.path("retryDelay").asText("");
                if (detail.path("@type").asText("").endsWith("google.rpc.RetryInfo") && delay.endsWith("s")) {
                    return Optional.of(seconds(delay.substring(0, delay.length() - 1)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no usable hint
        }
        return Optional.empty();
    }

    private static Duration seconds(String text) {
        BigDecimal seconds = new BigDecimal(text);
        if (seconds.signum() < 0) throw new NumberFormatException("negative wait: " + text);
        return Duration.ofMillis(seconds.movePointRight(3).longValue());
    }
}
