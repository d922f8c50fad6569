package io.mirage.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access-token rule of `mirage serve`, black-box in its own JVM with the token only in its
 * environment: no token, no non-loopback bind; with one, no request gets through without it.
 * Requests go to 127.0.0.1 only.
 */
final class ServeTokenTest {
    private static final String TOKEN = "serve-token-test-3f9a1c7e5d2b4680";

    @TempDir Path tmp;

    private String db() {
        return tmp.resolve("w.db").toString();
    }

    @Test
    void nonLoopbackBind_withoutToken_exitsWith2_andSaysWhatToDo() throws Exception {
        ServeProcess.Exited r = ServeProcess.runToExit(tmp, Map.of(), "--bind", "0.0.0.0", "--port", "0", "--db", db());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not a loopback address") && r.err().contains(AccessToken.ENV), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void shortToken_exitsWith2_withoutPrintingIt() throws Exception {
        String shortToken = "tiny-secret-42";
        ServeProcess.Exited r = ServeProcess.runToExit(tmp, Map.of(AccessToken.ENV, shortToken), "--bind", "0.0.0.0", "--port", "0", "--db", db());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("too short"), r.err());
        assertFalse((r.out() + r.err()).contains(shortToken), "the token is never printed");
    }

    @Test
    void withToken_everyRequestNeedsIt_andTheTokenIsNeverPrinted() throws Exception {
        io.mirage.store.SqliteRunStore.open(Path.of(db())).close(); // serve only reads a workspace that exists
        try (ServeProcess serve = ServeProcess.start(tmp, Map.of(AccessToken.ENV, TOKEN), "--bind", "0.0.0.0", "--port", "0", "--db", db())) {
            assertTrue(serve.url.startsWith("http://127.0.0.1:"), serve.url);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            URI root = URI.create(serve.url);

            HttpResponse<String> none = http.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, none.statusCode());
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertFalse(none.body().contains(TOKEN));

            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(root).header("Authorization", "Bearer " + TOKEN + "x").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode());

            HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(root).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, bearer.statusCode(), bearer.body());
            assertTrue(bearer.body().contains("<h1>Runs</h1>"));

            HttpResponse<String> link = http.send(HttpRequest.newBuilder(root.resolve("/transcripts?token=" + TOKEN + "&model=m")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, link.statusCode());
            assertEquals("/transcripts?model=m", link.headers().firstValue("Location").orElseThrow(), "the token leaves the address bar");
            HttpResponse<String> offsite = http.send(HttpRequest.newBuilder(URI.create(serve.url.replaceAll("/+$", "") + "//evil.example/?token=" + TOKEN))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, offsite.statusCode());
            assertEquals("/", offsite.headers().firstValue("Location").orElseThrow(), "issue 15 (12): the token link redirects only on this server");

            String cookie = link.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(RequestGuard.TOKEN_COOKIE + "="))
                    .findFirst().orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            assertFalse(cookie.contains(TOKEN), "the cookie holds a derived value, not the token");

            HttpResponse<String> withCookie = http.send(HttpRequest.newBuilder(root.resolve("/transcripts"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, withCookie.statusCode());

            assertFalse(serve.output().contains(TOKEN), "the token is never printed");
        }
    }
}
