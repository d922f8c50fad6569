package io.mirage.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Cross-site request forgery defence for forms: each browser session gets a random id in a
 * SameSite=Strict cookie, and every form carries a token derived from that id with a key known only
 * to this server process. Another site can make a browser send the cookie's request but cannot read
 * our pages, so it cannot know the token.
 */
final class FormTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key = random(32);

    static String newSessionId() {
        return HexFormat.of().formatHex(random(18));
    }

    /** A fresh nonce for one response's Content-Security-Policy. */
    static String newNonce() {
        return java.util.Base64.getEncoder().encodeToString(random(18));
    }

    String tokenFor(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean valid(String sessionId, String token) {
        if (sessionId == null || sessionId.isEmpty() || token == null) return false;
        return MessageDigest.isEqual(tokenFor(sessionId).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
