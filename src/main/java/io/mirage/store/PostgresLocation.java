package io.mirage.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL store lives, from {@code postgresql://USER[:PASSWORD]@HOST[:PORT][/DB][?PARAMS]}
 * ({@code postgres://} and {@code jdbc:postgresql://} too). The password comes from the URL or else
 * from {@code $PGPASSWORD}; it is kept out of {@link #jdbcUrl} and {@link #toString}, and
 * {@link #mask} takes it out of any message, so it never reaches a log or the terminal.
 */
public record PostgresLocation(String jdbcUrl, String user, String password, String display) {
    private static final Pattern URL = Pattern.compile(
            "(?i)^(?:jdbc:)?postgres(?:ql)?://(?:(?<user>[^@/?:]*)(?::(?<password>[^@/?]*))?@)?(?<hosts>[^/?]*)(?<db>/[^?]*)?(?<query>\\?.*)?$");
    private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)([?&]password=)[^&]*");
    private static final String MASK = "***";

    public PostgresLocation {
        Objects.requireNonNull(jdbcUrl);
        Objects.requireNonNull(display);
    }

    /** Whether a {@code --db} setting names a PostgreSQL database rather than a SQLite file. */
    public static boolean isUrl(String setting) {
        String s = setting.strip().toLowerCase(java.util.Locale.ROOT);
        return s.startsWith("postgresql://") || s.startsWith("postgres://") || s.startsWith("jdbc:postgresql://");
    }

    /** Parses a URL; {@code env} supplies PGPASSWORD and PGUSER when the URL has none. */
    public static PostgresLocation parse(String url, Map<String, String> env) {
        Matcher m = URL.matcher(url.strip());
        if (!m.matches() || m.group("hosts").isEmpty()) {
            throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://USER@HOST:PORT/DB): " + maskUrl(url));
        }
        String user = decode(m.group("user"));
        String password = decode(m.group("password"));
        if (user == null || user.isEmpty()) user = env.getOrDefault("PGUSER", System.getProperty("user.name"));
        if (password == null || password.isEmpty()) password = env.get("PGPASSWORD");
        String db = m.group("db") == null ? "" : m.group("db");
        String query = m.group("query") == null ? "" : m.group("query");
        String jdbc = "jdbc:postgresql://" + m.group("hosts") + db + query;
        return new PostgresLocation(jdbc, user, password == null || password.isEmpty() ? null : password, maskUrl(url.strip()));
    }

    /** The URL with any password in it replaced by {@code ***}: the only form of it Mirage prints. */
    static String maskUrl(String url) {
        Matcher m = URL.matcher(url.strip());
        String masked = url;
        if (m.matches() && m.group("password") != null) {
            masked = url.substring(0, m.start("password")) + MASK + url.substring(m.end("password"));
        }
        return QUERY_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
    }

    /** The message with this location's password, if any, taken out (drivers may quote what they were given). */
    public String mask(String message) {
        if (message == null) return null;
        String out = QUERY_PASSWORD.matcher(message).replaceAll("$1" + MASK);
        return password == null ? out : out.replace(password, MASK);
    }

    private static String decode(String s) {
        return s == null ? null : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The masked URL: a record's default toString would print the password. */
    @Override
    public String toString() {
        return display;
    }
}
