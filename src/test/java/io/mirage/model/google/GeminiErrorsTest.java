package io.mirage.model.google;

import com.google.genai.errors.ClientException;
import io.mirage.model.ModelException.Kind;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gemini rejects a bad or expired key with HTTP 400 INVALID_ARGUMENT (ErrorInfo reason API_KEY_INVALID), where other
 * providers use 401: that must stop a run (exit 4) like a 401, while other 400s stay invalid requests.
 */
final class GeminiErrorsTest {
    @Test
    void a400NamingTheKey_isAnAuthenticationFailure() {
        assertEquals(Kind.AUTH, GeminiErrors.classify(new ClientException(400, "INVALID_ARGUMENT",
                "API key not valid. Please pass a valid API key."), Optional.empty()).kind());
        assertEquals(Kind.AUTH, GeminiErrors.classify(new ClientException(400, "INVALID_ARGUMENT",
                "API key expired. Please renew the API key."), Optional.empty()).kind());
    }

    @Test
    void other400s_remainInvalidRequests() {
        assertEquals(Kind.INVALID_REQUEST, GeminiErrors.classify(new ClientException(400, "INVALID_ARGUMENT",
                "Invalid JSON payload received. Unknown name \"foo\"."), Optional.empty()).kind());
    }
}
