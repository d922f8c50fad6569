package io.mirage.world.shell;

import io.mirage.world.shell.VirtualFileSystem.FsException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * grep over virtual files or standard input: basic regular expressions by default (as GNU grep:
 * {@code \|} {@code \(} are operators), {@code -E} extended, {@code -F} fixed strings.
 */
final class Grep {
    static final String SYNOPSIS = "grep [-i] [-r] [-n] [-l] [-L] [-c] [-v] [-w] [-o] [-q] [-h|-H] [-E|-F] [-e] PATTERN [PATH...]";

    private record Source(String shown, String text) {}

    private Grep() {}

    static int run(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "irRnlLvcEFwqhHosIG", "em", "ignore-case=i", "recursive=r", "line-number=n",
                "files-with-matches=l", "files-without-match=L", "invert-match=v", "count=c", "extended-regexp=E",
                "fixed-strings=F", "word-regexp=w", "quiet=q", "silent=q", "regexp=e", "max-count=m", "only-matching=o",
                "no-filename=h", "with-filename=H", "no-messages=s");
        List<String> operands = new ArrayList<>(o.operands());
        String patternText = o.values().containsKey('e') ? o.value('e', "") : operands.isEmpty() ? null : operands.removeFirst();
        if (patternText == null) throw new Opts.UsageError("missing PATTERN");
        Pattern pattern;
        try {
            pattern = compile(patternText, o);
        } catch (PatternSyntaxException e) {
            return c.fail(2, "invalid regular expression '" + patternText + "': " + e.getDescription());
        }
        int max;
        try {
            max = Integer.parseInt(o.value('m', "-1"));
        } catch (NumberFormatException e) {
            throw new Opts.UsageError("invalid max count");
        }
        boolean recursive = o.has('r') || o.has('R');
        if (operands.isEmpty() && recursive) operands.add(".");
        List<Source> sources = new ArrayList<>();
        boolean error = false;
        if (operands.isEmpty()) sources.add(new Source("(standard input)", c.stdin == null ? "" : c.stdin));
        for (String p : operands) error |= collect(c, p, recursive, !o.has('s'), sources);
        boolean names = !o.has('h') && (o.has('H') || recursive || sources.size() > 1 || operands.size() > 1);
        boolean any = false;
        for (Source s : sources) any |= search(c, o, pattern, max, s, names);
        return error && !(o.has('q') && any) ? 2 : any ? 0 : 1;
    }

    private static boolean collect(Call c, String path, boolean recursive, boolean report, List<Source> sources) {
        if (path.equals("-")) {
            sources.add(new Source("(standard input)", c.stdin == null ? "" : c.stdin));
            return false;
        }
        try {
            VirtualFileSystem.Node node = c.fs().lookup(path);
            if (node instanceof VirtualFileSystem.File f) {
                sources.add(new Source(path, f.text()));
                return false;
            }
            if (!recursive) throw new FsException("Is a directory");
            String base = c.fs().resolve(path);
            for (String abs : c.fs().walk(path)) {
                if (c.fs().node(abs) instanceof VirtualFileSystem.File f) {
                    String rest = abs.substring(base.length());
                    sources.add(new Source(path.endsWith("/") && rest.startsWith("/") ? path + rest.substring(1) : path + rest, f.text()));
                }
            }
            return false;
        } catch (FsException e) {
            if (report) c.err("grep: " + path + ": " + e.getMessage() + "\n");
            return true;
        }
    }

    /** Prints what the options ask for one source; true when something matched. */
    private static boolean search(Call c, Opts o, Pattern pattern, int max, Source s, boolean names) {
        int count = 0;
        List<String> lines = TextCommands.lines(s.text());
        String prefix = names ? s.shown() + ":" : "";
        for (int i = 0; i < lines.size() && (max < 0 || count < max); i++) {
            Matcher m = pattern.matcher(lines.get(i));
            boolean found = m.find();
            if (found == o.has('v')) continue;
            count++;
            if (o.has('q') || o.has('l') || o.has('L') || o.has('c')) continue;
            String lead = prefix + (o.has('n') ? (i + 1) + ":" : "");
            if (o.has('o') && !o.has('v')) {
                do if (!m.group().isEmpty()) c.println(lead + m.group()); while (m.find());
            } else {
                c.println(lead + lines.get(i));
            }
        }
        if (o.has('q')) return count > 0;
        if (o.has('l') && count > 0) c.println(s.shown());
        if (o.has('L') && count == 0) c.println(s.shown());
        if (o.has('c') && !o.has('l') && !o.has('L')) c.println(prefix + count);
        return count > 0;
    }

    static Pattern compile(String text, Opts o) {
        String regex = o.has('F') ? Pattern.quote(text) : posixClasses(o.has('E') ? text : basicToExtended(text));
        if (o.has('w')) regex = "(?<![\\w])(?:" + regex + ")(?![\\w])";
        return Pattern.compile(regex, o.has('i') ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /** In a basic expression {@code | + ? ( ) { }} are literal and their escaped forms are operators. */
    static String basicToExtended(String bre) {
        StringBuilder sb = new StringBuilder();
        boolean bracket = false;
        for (int i = 0; i < bre.length(); i++) {
            char ch = bre.charAt(i);
            if (bracket) {
                sb.append(ch);
                if (ch == ']') bracket = false;
            } else if (ch == '[') {
                sb.append(ch);
                bracket = true;
                if (i + 1 < bre.length() && bre.charAt(i + 1) == '^') sb.append(bre.charAt(++i));
                if (i + 1 < bre.length() && bre.charAt(i + 1) == ']') sb.append(bre.charAt(++i));
            } else if (ch == '\\' && i + 1 < bre.length()) {
                char next = bre.charAt(++i);
                if ("|+?(){}".indexOf(next) >= 0) sb.append(next);
                else sb.append('\\').append(next);
            } else if ("|+?(){}".indexOf(ch) >= 0) {
                sb.append('\\').append(ch);
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static String posixClasses(String regex) {
        String[][] classes = {{"alpha", "Alpha"}, {"digit", "Digit"}, {"alnum", "Alnum"}, {"space", "Space"},
                {"upper", "Upper"}, {"lower", "Lower"}, {"punct", "Punct"}, {"xdigit", "XDigit"}, {"blank", "Blank"}};
        for (String[] cls : classes) regex = regex.replace("[:" + cls[0] + ":]", "\\p{" + cls[1] + "}");
        return regex;
    }
}
