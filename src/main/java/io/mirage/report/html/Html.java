package io.mirage.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Escaping and the shared style. Everything that did not come from this package's own constants
 * (model output, tool arguments and results, scenario text, ids, model names) goes through
 * {@link #text} or {@link #attr} before it reaches a page; nothing untrusted is ever made a link.
 */
public final class Html {
    /** The report's and the viewer's stylesheet: light, dark (prefers-color-scheme) and print. */
    public static final String STYLE = resource("report.css");

    /** The report's only script: filters and selectors. Constant, so its CSP hash is too. */
    public static final String SCRIPT = resource("report.js");

    private Html() {}

    /** Text content: safe between tags, in HTML and in inline SVG. Null becomes empty. */
    public static String text(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                // Control characters other than tab and newlines make a document invalid; show them as U+FFFD.
                default -> (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f ? "\uFFFD" : null;
            };
            if (rep != null) {
                if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                sb.append(rep);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** An attribute value, to be written inside double quotes. */
    public static String attr(String s) {
        // text() escapes both quote characters; newlines in attributes are kept as entities so they survive.
        return text(s).replace("\n", "&#10;").replace("\r", "&#13;");
    }

    /** A fragment of an id or class name: letters, digits, '-' and '_' only. */
    public static String idPart(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' ? c : '_');
        return sb.toString();
    }

    /** The CSP source expression ('sha256-…') that allows exactly this inline script or style text. */
    public static String cspHash(String inlineText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inlineText.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The report's Content-Security-Policy: nothing may load from anywhere, and only our own style and
     * script (by hash) may run, so injected markup stays inert even if escaping ever failed. The report
     * carries it in a meta element, first after the charset; a server can send it as a header too.
     */
    public static String reportPolicy() {
        return "default-src 'none'; style-src " + cspHash(STYLE) + "; script-src " + cspHash(SCRIPT)
                + "; base-uri 'none'; form-action 'none'";
    }

    static String number(double d, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", d);
    }

    private static String resource(String name) {
        try (InputStream in = Html.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
