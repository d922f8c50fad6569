package io.mirage.scenario;

import io.mirage.config.InputProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with {@code {{name}}} placeholders, remembering where it came from so that a placeholder
 * that cannot be filled is reported with its file and line.
 *
 * <p>Rendering is one pass over the text: lines are counted as the matcher moves on, never from the start again, so
 * time grows with the text's length, not with its length times its placeholders. A rendered text longer than
 * {@link #MAX_RENDERED_CHARS} is refused: values that hold placeholders can multiply a small file into gigabytes.
 */
public record Template(String file, int firstLine, String text) {

    /** The longest text a template may render to (10 MiB of characters); documented in docs/scenario-packs.md. */
    public static final int MAX_RENDERED_CHARS = 10 * 1024 * 1024;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*}}");
    private static final int MAX_DEPTH = 4;

    /** Fills every placeholder; variable values may themselves hold placeholders. */
    public String render(Map<String, String> vars) {
        List<InputProblem> problems = new ArrayList<>();
        StringBuilder out = new StringBuilder(text.length());
        try {
            render(text, vars, problems, 0, firstLine, out);
        } catch (TooLong e) {
            throw new InvalidPackException(new InputProblem(file, e.line, "the text renders to more than " + MAX_RENDERED_CHARS
                    + " characters (10 MiB)", "shorten the template or the variables it uses; a value that holds placeholders is filled at each use"));
        }
        if (problems.isEmpty()) {
            int stray = out.indexOf("{{");
            if (stray >= 0) {
                problems.add(new InputProblem(file, firstLine + countNewlines(out, 0, stray),
                        "unfilled placeholder near \"" + snippet(out, stray) + "\"",
                        "write placeholders as {{name}} with letters, digits, '.', '_' or '-'"));
            }
        }
        if (!problems.isEmpty()) throw new InvalidPackException(problems);
        return out.toString();
    }

    /** Appends {@code source} with its placeholders filled to {@code out}. */
    private void render(String source, Map<String, String> vars, List<InputProblem> problems, int depth, int lineBase, StringBuilder out) {
        Matcher m = PLACEHOLDER.matcher(source);
        int copied = 0;
        int line = lineBase;
        while (m.find()) {
            line += countNewlines(source, copied, m.start());
            append(out, source, copied, m.start(), line);
            copied = m.end();
            String name = m.group(1);
            String value = vars.get(name);
            if (value == null) {
                problems.add(new InputProblem(file, line, "unknown placeholder {{" + name + "}}",
                        "define it as a factor variable in every level, or use one of the built-in names (company.name, agent.name, person.<id>.name, …)"));
            } else if (depth < MAX_DEPTH && value.contains("{{")) {
                render(value, vars, problems, depth + 1, line, out);
            } else {
                append(out, value, 0, value.length(), line);
            }
            line += countNewlines(source, m.start(), m.end());
        }
        append(out, source, copied, source.length(), line);
    }

    private static void append(StringBuilder out, String s, int from, int to, int line) {
        if ((long) out.length() + (to - from) > MAX_RENDERED_CHARS) throw new TooLong(line);
        out.append(s, from, to);
    }

    private static int countNewlines(CharSequence s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    private static String snippet(CharSequence s, int at) {
        return s.subSequence(at, Math.min(s.length(), at + 30)).toString().replace('\n', ' ');
    }

    /** Thrown out of the recursion as soon as the output passes the limit, so a bomb stops early. */
    private static final class TooLong extends RuntimeException {
        final int line;

        TooLong(int line) {
            super(null, null, false, false);
            this.line = line;
        }
    }
}
