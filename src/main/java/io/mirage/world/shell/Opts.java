package io.mirage.world.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of one command, GNU style: combined short flags ({@code -rf}), values attached or next
 * ({@code -n5}, {@code -n 5}), long names ({@code --recursive}, {@code --lines=5}), options after
 * operands, and {@code --} to end them.
 */
record Opts(Set<Character> flags, Map<Character, String> values, List<String> operands) {

    /** A command used wrongly; the shell prints the message and the command's synopsis. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }

    /**
     * @param flagChars  short options without a value
     * @param valueChars short options that take a value
     * @param longNames  long aliases as {@code "name=c"}
     */
    static Opts parse(List<String> args, String flagChars, String valueChars, String... longNames) throws UsageError {
        Map<String, Character> longs = new LinkedHashMap<>();
        for (String l : longNames) longs.put(l.substring(0, l.indexOf('=')), l.charAt(l.length() - 1));
        Set<Character> flags = new LinkedHashSet<>();
        Map<Character, String> values = new LinkedHashMap<>();
        List<String> operands = new ArrayList<>();
        boolean ended = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (ended || a.equals("-") || !a.startsWith("-")) {
                operands.add(a);
            } else if (a.equals("--")) {
                ended = true;
            } else if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                Character c = longs.get(name);
                if (c == null) throw new UsageError("unrecognized option '--" + name + "'");
                if (valueChars.indexOf(c) >= 0) {
                    if (value == null) {
                        if (++i == args.size()) throw new UsageError("option '--" + name + "' requires an argument");
                        value = args.get(i);
                    }
                    values.put(c, value);
                } else {
                    flags.add(c);
                }
            } else {
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    if (valueChars.indexOf(c) >= 0) {
                        String value = a.substring(j + 1);
                        if (value.isEmpty()) {
                            if (++i == args.size()) throw new UsageError("option requires an argument -- '" + c + "'");
                            value = args.get(i);
                        }
                        values.put(c, value);
                        break;
                    }
                    if (flagChars.indexOf(c) < 0) throw new UsageError("invalid option -- '" + c + "'");
                    flags.add(c);
                }
            }
        }
        return new Opts(flags, values, operands);
    }

    boolean has(char c) {
        return flags.contains(c);
    }

    String value(char c, String otherwise) {
        return values.getOrDefault(c, otherwise);
    }
}
