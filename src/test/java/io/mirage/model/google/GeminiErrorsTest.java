package io.mirage.model.google;

import com.google.genai.errors.ClientException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.errors.ServerException;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class GeminiErrorsTest {

    private static ModelException classify(RuntimeException e) {
        return GeminiErrors.classify(e, Optional.empty());
    }

    @Test
    void rateLimit_isRateLimited_withTheWaitWhenOneWasGiven() {
        ModelException e = GeminiErrors.classify(new ClientException(429, "RESOURCE_EXHAUSTED", "quota"), Optional.of(Duration.ofSeconds(37)));
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Optional.of(Duration.ofSeconds(37)), e.retryAfter());
        assertEquals(Optional.empty(), classify(new ClientException(429, "RESOURCE_EXHAUSTED", "quota")).retryAfter());
    }

    @Test
    void badKeyOrNoPermission_isAuth() {
        assertEquals(Kind.AUTH, classify(new ClientException(401, "UNAUTHENTICATED", "bad key")).kind());
        assertEquals(Kind.AUTH, classify(new ClientException(403, "PERMISSION_DENIED", "no access")).kind());
    }

    @Test
    void otherClientErrors_areInvalidRequests_carryingGeminisMessage() {
        ModelException e = classify(new ClientException(400, "INVALID_ARGUMENT", "Function call is missing a thought_signature"));
        assertEquals(Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("Function call is missing a thought_signature"), e.getMessage());
        assertEquals(Kind.INVALID_REQUEST, classify(new ClientException(404, "NOT_FOUND", "models/x is not found")).kind());
        assertTrue(classify(new ClientException(404, "NOT_FOUND", "")).getMessage().contains("NOT_FOUND"), "status when no message");
    }

    @Test
    void serverErrorsTimeoutsAndUnreadableBodies_areTransient() {
        assertEquals(Kind.TRANSIENT, classify(new ServerException(500, "INTERNAL", "oops")).kind());
        assertEquals(Kind.TRANSIENT, classify(new ServerException(503, "UNAVAILABLE", "overloaded")).kind());
        assertEquals(Kind.TRANSIENT, classify(new ClientException(408, "DEADLINE_EXCEEDED", "slow")).kind());
        ModelException timeout = classify(new GenAiIOException("Failed to execute HTTP request.", new SocketTimeoutException("timeout")));
        assertEquals(Kind.TRANSIENT, timeout.kind());
        assertTrue(timeout.getMessage().contains("timeout"), "the root cause is named: " + timeout.getMessage());
        assertEquals(Kind.TRANSIENT, classify(new GenAiIOException("Failed to parse the JSON string.", new IOException("end-of-input"))).kind());
        assertEquals(Kind.TRANSIENT, classify(new IllegalStateException("Failed to convert JSON object")).kind());
    }

    @Test
    void theSdkRefusingOurRequest_isNotRetried() {
        assertEquals(Kind.INVALID_REQUEST, classify(new IllegalArgumentException("bad config")).kind());
    }

    @Test
    void retryAfter_isReadFromTheHeaderInSeconds_orFromGooglesRetryInfo() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), RetryAfterCapture.fromHeader("1"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RetryAfterCapture.fromHeader(" 1.5 "));
        assertEquals(Optional.empty(), RetryAfterCapture.fromHeader("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(Optional.empty(), RetryAfterCapture.fromHeader("-3"));
        assertEquals(Optional.empty(), RetryAfterCapture.fromHeader(null));
        String body = """
                {"error":{"code":429,"message":"Quota exceeded. Please retry in 37.2s.","status":"RESOURCE_EXHAUSTED",
                  "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},
                             {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37.2s"}]}}""";
        assertEquals(Optional.of(Duration.ofMillis(37_200)), RetryAfterCapture.fromBody(body));
        assertEquals(Optional.empty(), RetryAfterCapture.fromBody("{\"error\":{\"code\":429}}"));
        assertEquals(Optional.empty(), RetryAfterCapture.fromBody("not json"));
    }
}
