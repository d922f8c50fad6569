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
 */
public record Template(String file, int firstLine, String text) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*}}");
    private static final int MAX_DEPTH = 4;

    /** Fills every placeholder; variable values may themselves hold placeholders. */
    public String render(Map<String, String> vars) {
        List<InputProblem> problems = new ArrayList<>();
        String out = render(text, vars, problems, 0, firstLine);
        if (!problems.isEmpty()) throw new InvalidPackException(problems);
        return out;
    }

    private String render(String source, Map<String, String> vars, List<InputProblem> problems, int depth, int lineBase) {
        Matcher m = PLACEHOLDER.matcher(source);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = vars.get(name);
            int line = lineBase + countNewlines(source, m.start());
            if (value == null) {
                problems.add(new InputProblem(file, line, "unknown placeholder {{" + name + "}}",
                        "define it as a factor variable in every level, or use one of the built-in names (company.name, agent.name, person.<id>.name, …)"));
                value = "";
            } else if (depth < MAX_DEPTH && value.contains("{{")) {
                value = render(value, vars, problems, depth + 1, line);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        String out = sb.toString();
        int stray = depth == 0 ? out.indexOf("{{") : -1;
        if (stray >= 0 && problems.isEmpty()) {
            problems.add(new InputProblem(file, lineBase + countNewlines(out, stray),
                    "unfilled placeholder near \"" + snippet(out, stray) + "\"",
                    "write placeholders as {{name}} with letters, digits, '.', '_' or '-'"));
        }
        return out;
    }

    private static int countNewlines(String s, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    private static String snippet(String s, int at) {
        return s.substring(at, Math.min(s.length(), at + 30)).replace('\n', ' ');
    }
}
