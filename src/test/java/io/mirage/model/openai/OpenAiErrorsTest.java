package io.mirage.model.openai;

import com.openai.core.http.Headers;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.models.ErrorObject;
import io.mirage.localserver.FaultPlan;
import io.mirage.localserver.LocalServer;
import io.mirage.localserver.OpenAiChatProtocol;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;
import io.mirage.model.ModelName;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class OpenAiErrorsTest {

    private static ErrorObject error(String type, String code, String message) {
        return ErrorObject.builder().message(message).type(type).code(Optional.ofNullable(code)).param(Optional.empty()).build();
    }

    private static Headers headers(String name, String value) {
        return Headers.builder().put(name, value).build();
    }

    @Test
    void statuses_mapToKinds() {
        for (int s : new int[] {400, 404, 413, 422}) assertEquals(Kind.INVALID_REQUEST, OpenAiErrors.kind(s, ""), "" + s);
        for (int s : new int[] {401, 403}) assertEquals(Kind.AUTH, OpenAiErrors.kind(s, ""), "" + s);
        assertEquals(Kind.RATE_LIMITED, OpenAiErrors.kind(429, "rate_limit_exceeded"));
        for (int s : new int[] {408, 409, 500, 502, 503, 504, 529}) assertEquals(Kind.TRANSIENT, OpenAiErrors.kind(s, ""), "" + s);
    }

    @Test
    void exhaustedQuotaOrCredit_stopsTheRunLikeABadKey() {
        ModelException quota = OpenAiErrors.classify(RateLimitException.builder().headers(Headers.builder().build())
                .error(error("insufficient_quota", "insufficient_quota", "You exceeded your current quota")).build());
        assertEquals(Kind.AUTH, quota.kind());
        assertEquals(Kind.AUTH, OpenAiErrors.kind(402, ""));
    }

    @Test
    void rateLimit_carriesRetryAfter_fromMillis_seconds_orAnHttpDate() {
        ModelException millis = OpenAiErrors.classify(RateLimitException.builder().headers(headers("retry-after-ms", "1500"))
                .error(error("requests", "rate_limit_exceeded", "Rate limit reached for gpt-test")).build());
        assertEquals(Kind.RATE_LIMITED, millis.kind());
        assertEquals(Optional.of(Duration.ofMillis(1500)), millis.retryAfter());
        assertTrue(millis.getMessage().contains("Rate limit reached for gpt-test"), millis.getMessage());

        assertEquals(Optional.of(Duration.ofSeconds(7)), OpenAiErrors.retryAfter(headers("retry-after", "7")));
        String inAMinute = ZonedDateTime.now().plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = OpenAiErrors.retryAfter(headers("retry-after", inAMinute)).orElseThrow();
        assertTrue(wait.compareTo(Duration.ofSeconds(55)) > 0 && wait.compareTo(Duration.ofSeconds(61)) <= 0, wait.toString());
        assertEquals(Optional.empty(), OpenAiErrors.retryAfter(headers("retry-after", "soon")));

        ModelException without = OpenAiErrors.classify(RateLimitException.builder().headers(Headers.builder().build())
                .error(error("tokens", null, "slow down")).build());
        assertEquals(Optional.empty(), without.retryAfter());
    }

    @Test
    void badRequest_isInvalidRequest_withTheProvidersMessage() {
        ModelException e = OpenAiErrors.classify(BadRequestException.builder().headers(Headers.builder().build())
                .error(error("invalid_request_error", null, "Invalid 'messages[3].tool_calls[0].id': string too long.")).build());
        assertEquals(Kind.INVALID_REQUEST, e.kind());
        assertEquals("HTTP 400: Invalid 'messages[3].tool_calls[0].id': string too long. (invalid_request_error)", e.getMessage());
    }

    @Test
    void unauthorizedAndForbidden_areAuth() {
        assertEquals(Kind.AUTH, OpenAiErrors.classify(UnauthorizedException.builder().headers(Headers.builder().build())
                .error(error("invalid_request_error", "invalid_api_key", "Incorrect API key provided")).build()).kind());
        assertEquals(Kind.AUTH, OpenAiErrors.classify(PermissionDeniedException.builder().headers(Headers.builder().build())
                .error(error("invalid_request_error", "unsupported_country_region_territory", "Country not supported")).build()).kind());
    }

    @Test
    void serverErrors_otherStatuses_ioAndUnreadableBodies_areTransient() {
        assertEquals(Kind.TRANSIENT, OpenAiErrors.classify(InternalServerException.builder().statusCode(502)
                .headers(Headers.builder().build()).build()).kind());
        assertEquals(Kind.TRANSIENT, OpenAiErrors.classify(UnexpectedStatusCodeException.builder().statusCode(529)
                .headers(Headers.builder().build()).build()).kind());
        ModelException io = OpenAiErrors.classify(new OpenAIIoException("Request failed", new SocketTimeoutException("timeout")));
        assertEquals(Kind.TRANSIENT, io.kind());
        assertTrue(io.getMessage().contains("SocketTimeoutException: timeout"), io.getMessage());
        assertEquals(Kind.TRANSIENT, OpenAiErrors.classify(new OpenAIInvalidDataException("Error reading response")).kind());
    }

    @Test
    void errorEventsInAStream_areClassifiedByTheirType() {
        assertEquals(Kind.TRANSIENT, sse(error("server_error", null, "The server had an error")).kind());
        assertEquals(Kind.RATE_LIMITED, sse(error("tokens", "rate_limit_exceeded", "Rate limit reached")).kind());
        assertEquals(Kind.INVALID_REQUEST, sse(error("invalid_request_error", null, "context length exceeded")).kind());
    }

    private static ModelException sse(ErrorObject error) {
        return OpenAiErrors.classify(SseException.builder().statusCode(200).headers(Headers.builder().build()).error(error).build());
    }

    @Test
    void aRequestTheServerRefuses_isInvalidRequest_carryingTheServersMessage() {
        Model refusing = new Model() {
            @Override
            public String name() {
                return "refusing";
            }

            @Override
            public ModelResponse generate(ModelRequest request) throws ModelException {
                throw new ModelException("context length exceeded", false);
            }
        };
        try (LocalServer server = LocalServer.start(new OpenAiChatProtocol(), refusing, FaultPlan.none(), Duration.ZERO)) {
            ModelSettings settings = new ModelSettings(null, null, null, null, server.baseUrl() + "/v1", null, null, null,
                    null, null, null, null, null, null);
            Model model = new OpenAiProvider().create(ModelName.parse("openai/gpt-test"),
                    new ModelContext(settings, Map.of("OPENAI_API_KEY", "k"), Optional.empty()));
            ModelException e = assertThrows(ModelException.class, () -> model.generate(OpenAiFaultsTest.request()));
            assertEquals(Kind.INVALID_REQUEST, e.kind());
            assertEquals("HTTP 400: backing model failed: context length exceeded (invalid_request_error)", e.getMessage());
        }
    }
}
