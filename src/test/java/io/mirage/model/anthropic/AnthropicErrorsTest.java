package io.mirage.model.anthropic;

import com.anthropic.core.JsonValue;
import com.anthropic.core.http.Headers;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.errors.UnexpectedStatusCodeException;
import com.anthropic.models.ErrorType;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class AnthropicErrorsTest {

    private static JsonValue error(String type, String message) {
        return JsonValue.from(Map.of("type", "error", "error", Map.of("type", type, "message", message)));
    }

    private static Headers headers(String name, String value) {
        return Headers.builder().put(name, value).build();
    }

    @Test
    void rateLimit_isRateLimited_withTheRetryAfterHeader() {
        ModelException e = AnthropicErrors.classify(RateLimitException.builder()
                .headers(headers("retry-after", "7")).body(error("rate_limit_error", "slow down")).build());
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
        assertTrue(e.getMessage().contains("429 rate_limit_error: slow down"), e.getMessage());
    }

    @Test
    void retryAfter_prefersMilliseconds_acceptsFractions_andIgnoresDates() {
        assertEquals(Duration.ofMillis(250), AnthropicErrors.retryAfter(Headers.builder().put("retry-after-ms", "250").put("retry-after", "9").build()));
        assertEquals(Duration.ofMillis(1500), AnthropicErrors.retryAfter(headers("retry-after", "1.5")));
        assertEquals(null, AnthropicErrors.retryAfter(headers("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT")));
        assertEquals(null, AnthropicErrors.retryAfter(Headers.builder().build()));
    }

    @Test
    void rateLimit_withoutRetryAfter_hasNone() {
        assertEquals(Optional.empty(), AnthropicErrors.classify(RateLimitException.builder()
                .headers(Headers.builder().build()).body(error("rate_limit_error", "x")).build()).retryAfter());
    }

    @Test
    void credentialsAndPermission_areAuth() {
        assertEquals(Kind.AUTH, AnthropicErrors.classify(UnauthorizedException.builder()
                .headers(Headers.builder().build()).body(error("authentication_error", "invalid x-api-key")).build()).kind());
        assertEquals(Kind.AUTH, AnthropicErrors.classify(PermissionDeniedException.builder()
                .headers(Headers.builder().build()).body(error("permission_error", "no")).build()).kind());
    }

    @Test
    void serverSide_overloaded_timeoutsAndBadBodies_areTransient() {
        assertEquals(Kind.TRANSIENT, AnthropicErrors.classify(InternalServerException.builder().statusCode(500)
                .headers(Headers.builder().build()).body(error("api_error", "boom")).build()).kind());
        assertEquals(Kind.TRANSIENT, AnthropicErrors.classify(OverloadedException.builder()
                .headers(Headers.builder().build()).body(error("overloaded_error", "Overloaded")).build()).kind());
        assertEquals(Kind.TRANSIENT, AnthropicErrors.classify(UnexpectedStatusCodeException.builder().statusCode(408)
                .headers(Headers.builder().build()).body(JsonValue.from(Map.of())).build()).kind());
        assertEquals(Kind.TRANSIENT, AnthropicErrors.classify(new AnthropicIoException("Read timed out", null)).kind());
        assertEquals(Kind.TRANSIENT, AnthropicErrors.classify(new AnthropicInvalidDataException("bad json")).kind());
    }

    @Test
    void otherClientErrors_areInvalidRequests_carryingTheProvidersMessage() {
        ModelException e = AnthropicErrors.classify(BadRequestException.builder().headers(headers("request-id", "req_123"))
                .body(error("invalid_request_error", "max_tokens: 9999999 > 64000")).build());
        assertEquals(Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("400 invalid_request_error: max_tokens: 9999999 > 64000"), e.getMessage());
        assertTrue(e.getMessage().contains("req_123"), e.getMessage());
        assertEquals(Kind.INVALID_REQUEST, AnthropicErrors.classify(NotFoundException.builder()
                .headers(Headers.builder().build()).body(error("not_found_error", "model: claude-nope")).build()).kind());
        assertEquals(Kind.INVALID_REQUEST, AnthropicErrors.classify(new AnthropicException("unexpected")).kind());
    }

    @Test
    void errorEventsInsideAStream_areClassifiedByTheirType() {
        assertEquals(Kind.TRANSIENT, sse("overloaded_error"));
        assertEquals(Kind.TRANSIENT, sse("api_error"));
        assertEquals(Kind.RATE_LIMITED, sse("rate_limit_error"));
        assertEquals(Kind.AUTH, sse("authentication_error"));
        assertEquals(Kind.INVALID_REQUEST, sse("invalid_request_error"));
        assertEquals(Kind.TRANSIENT, AnthropicErrors.kindOf((ErrorType) null));
    }

    private static Kind sse(String type) {
        return AnthropicErrors.classify(SseException.builder().statusCode(200).headers(Headers.builder().build())
                .body(error(type, "mid-stream")).build()).kind();
    }
}
