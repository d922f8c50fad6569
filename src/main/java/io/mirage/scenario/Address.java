package io.mirage.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address as people and models write it: bare ({@code anne@faa.example}), in angle brackets
 * ({@code <anne@faa.example>}), or as an RFC 5322 name-addr ({@code Anne Kowalski <anne@faa.example>},
 * {@code "Kowalski, Anne" <anne@faa.example>}), in any case and with surrounding spaces. {@code value} is
 * the bare address in lower case: the one form the address book, the mail tools, the shell's mail, the
 * world's events and the detectors compare, so every part of Mirage matches addresses by the same rule.
 * It lives beside {@link Directory} because the world depends on the scenario, never the reverse.
 */
public record Address(String value) {
    /** local@domain.tld, with none of the characters that would make it part of a name-addr or a list. */
    private static final Pattern ADDR_SPEC = Pattern.compile("[^\\s@<>(),;:\"\\[\\]\\\\]+@[^\\s@<>(),;:\"\\[\\]\\\\]+\\.[^\\s@<>(),;:\"\\[\\]\\\\.]+");

    public Address {
        if (!ADDR_SPEC.matcher(value).matches() || !value.equals(value.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a bare lower-case address: " + value);
        }
    }

    /**
     * The address in {@code written}, or empty when it is not one address: no {@code @}, a name with no
     * address, unbalanced quotes or brackets, text after the {@code >}, or two addresses.
     */
    public static Optional<Address> parse(String written) {
        String s = written == null ? "" : written.strip();
        String spec = s;
        if (s.endsWith(">")) {
            int open = lastOutsideQuotes(s, '<');
            if (open < 0 || !displayName(s.substring(0, open).strip())) return Optional.empty();
            spec = s.substring(open + 1, s.length() - 1).strip();
        }
        // the domain's last dot may not end it: "anne@faa.example." is not written to be delivered
        if (!ADDR_SPEC.matcher(spec).matches()) return Optional.empty();
        return Optional.of(new Address(spec.toLowerCase(Locale.ROOT)));
    }

    /**
     * The bare lower-case address when {@code written} is one; otherwise the text itself, stripped and in
     * lower case, which no address book holds, so mail to it bounces with what was written.
     */
    public static String normalize(String written) {
        return parse(written).map(Address::value).orElseGet(() -> written.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * A list of addresses as one text ({@code a@x.example, "Kowalski, Anne" <anne@faa.example>}), split at
     * the commas outside quotes and angle brackets; each part stripped, blank parts dropped.
     */
    public static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (quoted && c == '\\' && i + 1 < list.length()) {
                part.append(c).append(list.charAt(++i));
                continue;
            }
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '<') angle++;
            else if (!quoted && c == '>' && angle > 0) angle--;
            if (c == ',' && !quoted && angle == 0) {
                add(out, part);
            } else {
                part.append(c);
            }
        }
        add(out, part);
        return out;
    }

    private static void add(List<String> out, StringBuilder part) {
        if (!part.toString().isBlank()) out.add(part.toString().strip());
        part.setLength(0);
    }

    /** Where {@code target} last occurs outside double quotes (a backslash escapes inside them), or -1. */
    private static int lastOutsideQuotes(String s, char target) {
        int found = -1;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') i++;
            else if (c == '"') quoted = !quoted;
            else if (!quoted && c == target) found = i;
        }
        return found;
    }

    /**
     * A display name: empty, or words and quoted strings with balanced quotes and no angle bracket or
     * {@code @} outside them. Lenient beyond RFC 5322 (dots, parentheses, an unquoted comma in a single
     * address), as models write names, but never a second address.
     */
    private static boolean displayName(String name) {
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (quoted && c == '\\') i++;
            else if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '<' || c == '>' || c == '@')) return false;
        }
        return !quoted;
    }
}
