package io.mirage.web;

/** Escaping for the web pages; until the report's {@code Html} helpers are merged, a local copy. */
final class Esc {
    private Esc() {}

    /** Text content: every character that could open markup is replaced. */
    static String text(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A quoted attribute value. */
    static String attr(String s) {
        return text(s);
    }
}
