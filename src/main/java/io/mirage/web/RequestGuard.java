package io.mirage.web;

import io.mirage.report.html.Html;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs before every request: sets the security headers (a fresh CSP nonce each time), refuses Host
 * names other than this machine's on a loopback bind (so a DNS-rebinding page cannot reach us),
 * demands the access token when there is one, and refuses cross-site or token-less form posts.
 */
final class RequestGuard {
    static final String NONCE = "mirage.nonce";
    static final String FORM_TOKEN = "mirage.formToken";
    static final String SESSION_COOKIE = "mirage_session";
    static final String TOKEN_COOKIE = "mirage_token";

    private final Optional<AccessToken> token;
    private final boolean loopback;
    private final String bindHost;
    private final FormTokens forms = new FormTokens();

    RequestGuard(Optional<AccessToken> token, boolean loopback, String bindHost) {
        this.token = token;
        this.loopback = loopback;
        this.bindHost = bindHost.toLowerCase(Locale.ROOT);
    }

    /** The page policy: no script at all, our own style element by nonce, no framing, forms only to us. */
    static String policy(String nonce) {
        return "default-src 'none'; script-src 'none'; style-src-elem 'nonce-" + nonce + "'; style-src-attr 'unsafe-inline'; "
                + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    void handle(Context ctx) {
        String nonce = FormTokens.newNonce();
        ctx.attribute(NONCE, nonce);
        ctx.header("Content-Security-Policy", policy(nonce));
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");

        if (loopback && !localHost(ctx.header("Host"))) {
            refuse(ctx, 403, "This server answers only to this machine's own addresses (localhost, 127.0.0.1).");
            return;
        }
        if (token.isPresent() && !authorised(ctx, token.get())) return;

        String session = ctx.cookie(SESSION_COOKIE);
        if (session == null || !session.matches("[0-9a-f]{36}")) {
            session = FormTokens.newSessionId();
            setCookie(ctx, SESSION_COOKIE, session);
        }
        ctx.attribute(FORM_TOKEN, forms.tokenFor(session));
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            if (!sameOrigin(ctx)) {
                refuse(ctx, 403, "Cross-site request refused: forms of this app can only be sent from its own pages.");
            } else if (!forms.valid(session, ctx.formParam("csrf"))) {
                refuse(ctx, 403, "The form has expired (the server restarted or cookies were cleared): reload the page and send it again.");
            }
        }
    }

    private boolean authorised(Context ctx, AccessToken token) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && token.matches(authorization.substring(7))) return true;
        if (token.matchesCookie(ctx.cookie(TOKEN_COOKIE))) return true;
        String offered = ctx.queryParam("token");
        if (offered != null && ctx.method() == HandlerType.GET && token.matches(offered)) {
            // Keep a derived value in a cookie and drop the token from the address bar, history and Referer.
            setCookie(ctx, TOKEN_COOKIE, token.cookieValue());
            Map<String, String> rest = ctx.queryParamMap().entrySet().stream().filter(e -> !e.getKey().equals("token") && !e.getValue().isEmpty())
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getFirst(), (x, y) -> x, java.util.LinkedHashMap::new));
            ctx.status(303).header("Location", localPath(ctx.path()) + Links.query(rest));
            ctx.skipRemainingHandlers();
            return false;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"mirage\"");
        refuse(ctx, 401, "This Mirage server needs its access token (the value of " + AccessToken.ENV + " where it was started): "
                + "send it as 'Authorization: Bearer …', or open this address once with ?token=… added.");
        return false;
    }

    /**
     * {@code path} when it is a path on this server, else {@code /}. A browser reads {@code //host/…} (and
     * {@code /\host/…}, and either with tabs or newlines in between, which it drops) as another site, so the token
     * link {@code //evil.example/?token=…} must not redirect there.
     */
    static String localPath(String path) {
        if (path == null || !path.startsWith("/")) return "/";
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') return "/";
        }
        return path.length() > 1 && path.charAt(1) == '/' ? "/" : path;
    }

    private boolean localHost(String hostHeader) {
        if (hostHeader == null) return false;
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) host = host.substring(1, Math.max(1, host.indexOf(']')));
        else if (host.contains(":")) host = host.substring(0, host.indexOf(':'));
        return host.equals("localhost") || host.equals(bindHost) || host.equals("::1") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The request came from one of our pages: its Origin (or, without one, its Referer) is this very host. */
    private static boolean sameOrigin(Context ctx) {
        String host = ctx.header("Host");
        if (host == null) return false;
        String origin = ctx.header("Origin");
        String from = origin != null ? origin : ctx.header("Referer");
        if (from == null || from.equals("null")) return false;
        try {
            URI uri = URI.create(from);
            return uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(ctx.scheme()) && uri.getRawAuthority() != null
                    && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void setCookie(Context ctx, String name, String value) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict");
    }

    static void refuse(Context ctx, int status, String message) {
        String nonce = ctx.attribute(NONCE);
        ctx.status(status).contentType("text/html; charset=utf-8").result(Layout.page("Refused", nonce, "<h1>" + status + "</h1><p class=\"notice\">" + Html.text(message) + "</p>"));
        ctx.skipRemainingHandlers();
    }
}
