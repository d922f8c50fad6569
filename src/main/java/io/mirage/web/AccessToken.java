package io.mirage.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The secret every request must carry when the app is reachable from other machines. It comes only
 * from the environment (a command-line argument would show in process lists and shell history),
 * is compared in constant time, and never appears in output: the browser's cookie holds a value
 * derived from it, not the token itself.
 */
public final class AccessToken {
    public static final String ENV = "MIRAGE_SERVE_TOKEN";
    public static final int MIN_LENGTH = 16;

    private final byte[] secret;

    private AccessToken(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The token a server bound to {@code bind} must enforce: required for a non-loopback address,
     * and enforced on loopback too when one is set. Throws with a message fit for the user
     * (never containing the token) when the rule is not met.
     */
    public static Optional<AccessToken> forBind(String bind, String fromEnvironment) {
        boolean loopback = isLoopback(bind);
        boolean set = fromEnvironment != null && !fromEnvironment.isEmpty();
        if (!set && !loopback) {
            throw new IllegalArgumentException("--bind " + bind + " is not a loopback address, so every request needs an access token: "
                    + "set " + ENV + " to a random secret of at least " + MIN_LENGTH + " characters (e.g. `export " + ENV
                    + "=$(openssl rand -hex 16)`), or bind to 127.0.0.1");
        }
        if (!set) return Optional.empty();
        if (fromEnvironment.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException(ENV + " is too short (" + fromEnvironment.strip().length() + " characters): use a random secret of at least "
                    + MIN_LENGTH + " characters");
        }
        return Optional.of(new AccessToken(fromEnvironment.strip()));
    }

    /** Whether {@code host} names only this machine; an unknown host is an input error. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + host + ": unknown host or address");
        }
    }

    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(secret, candidate.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** What the browser keeps after one visit with {@code ?token=}: derived from the token, so the token itself is not stored there. */
    String cookieValue() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("mirage-serve-cookie".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean matchesCookie(String candidate) {
        return candidate != null && MessageDigest.isEqual(cookieValue().getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AccessToken[hidden]";
    }
}
