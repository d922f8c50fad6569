package io.mirage.web;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class AccessTokenTest {
    private static final String TOKEN = "0123456789abcdef-token";

    @Test
    void loopback_needsNoToken_butEnforcesOneThatIsSet() {
        assertEquals(Optional.empty(), AccessToken.forBind("127.0.0.1", null));
        assertEquals(Optional.empty(), AccessToken.forBind("localhost", ""));
        assertTrue(AccessToken.forBind("127.0.0.1", TOKEN).isPresent());
    }

    @Test
    void nonLoopback_withoutToken_orWithAShortOne_isRefused_withoutEchoingIt() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> AccessToken.forBind("0.0.0.0", null));
        assertTrue(none.getMessage().contains(AccessToken.ENV), none.getMessage());
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, () -> AccessToken.forBind("0.0.0.0", "short-secret"));
        assertTrue(tooShort.getMessage().contains("too short"));
        assertFalse(tooShort.getMessage().contains("short-secret"));
    }

    @Test
    void matching_isExact_andTheCookieHoldsADerivedValue() {
        AccessToken token = AccessToken.forBind("0.0.0.0", TOKEN).orElseThrow();
        assertTrue(token.matches(TOKEN));
        assertFalse(token.matches(TOKEN + "x"));
        assertFalse(token.matches(TOKEN.substring(1)));
        assertFalse(token.matches(null));
        assertFalse(token.cookieValue().contains(TOKEN));
        assertTrue(token.matchesCookie(token.cookieValue()));
        assertFalse(token.matchesCookie(TOKEN));
        assertFalse(token.toString().contains(TOKEN));
    }
}
