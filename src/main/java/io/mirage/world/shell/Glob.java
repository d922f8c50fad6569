package io.mirage.world.shell;

import java.util.List;
import java.util.regex.Pattern;

/** Shell patterns: {@code *} and {@code ?}, expanded only in a path's last segment. */
final class Glob {
    private Glob() {}

    static Pattern regex(String glob, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append("[^/]*");
            else if (c == '?') re.append("[^/]");
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /** The sorted matches, or the pattern itself when nothing matches (as bash does). */
    static List<String> expand(String pattern, VirtualFileSystem fs) {
        int slash = pattern.lastIndexOf('/');
        String dirPart = pattern.substring(0, slash + 1);
        String namePart = pattern.substring(slash + 1);
        if (dirPart.contains("*") || dirPart.contains("?") || !fs.isDir(dirPart.isEmpty() ? "." : dirPart)) return List.of(pattern);
        Pattern re = regex(namePart, false);
        List<String> matches = fs.children(dirPart.isEmpty() ? "." : dirPart).stream()
                .filter(n -> (!n.startsWith(".") || namePart.startsWith(".")) && re.matcher(n).matches())
                .map(n -> dirPart + n).toList();
        return matches.isEmpty() ? List.of(pattern) : matches;
    }
}
