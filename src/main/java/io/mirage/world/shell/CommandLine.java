package io.mirage.world.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a command line into steps: words with single and double quotes and backslash escapes,
 * {@code ~} for home, {@code *}/{@code ?} globs, redirections ({@code > >> < 2> 2>> 2>&1 &>}), pipes,
 * and {@code ; && ||} (or newlines) between pipelines. Variables, command substitution, subshells,
 * background jobs and here-documents are refused with a clear message.
 */
final class CommandLine {
    /** A word after quote removal; {@code glob} when it holds an unquoted {@code *} or {@code ?}. */
    record Word(String text, boolean glob) {}

    enum RedirectKind { OUT, APPEND, IN, ERR, ERR_APPEND, ERR_TO_OUT, BOTH }

    record Redirect(RedirectKind kind, String target) {}

    record Simple(List<Word> words, List<Redirect> redirects) {}

    record Pipeline(List<Simple> commands) {}

    /** When a step runs: always, after success of the previous one, or after its failure. */
    enum Connector { ALWAYS, AND, OR }

    record Step(Connector connector, Pipeline pipeline) {}

    /** A line the shell cannot run; the message is what bash-like output shows. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private record Op(String text) {}

    private final String line;
    private final String home;
    private final List<Object> tokens = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private boolean quoted;
    private boolean glob;
    private int pos;

    private CommandLine(String line, String home) {
        this.line = line;
        this.home = home;
    }

    static List<Step> parse(String line, String home) throws SyntaxError {
        CommandLine parser = new CommandLine(line, home);
        parser.lex();
        return parser.steps();
    }

    static SyntaxError unsupported(String what) {
        return new SyntaxError("bash: unsupported syntax: " + what + " (this shell has no variables, command substitution, "
                + "subshells, background jobs or here-documents; run `help` to see what it supports)");
    }

    private void lex() throws SyntaxError {
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                flush();
                i++;
            } else if (c == '\n') {
                flush();
                newline();
                i++;
            } else if (c == '#' && !inWord) {
                while (i < n && line.charAt(i) != '\n') i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new SyntaxError("bash: unexpected EOF while looking for matching `''");
                word.append(line, i + 1, end);
                inWord = quoted = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(i + 1);
            } else if (c == '\\') {
                if (i + 1 < n && line.charAt(i + 1) != '\n') {
                    word.append(line.charAt(i + 1));
                    inWord = quoted = true;
                }
                i += 2;
            } else if (c == '$' && i + 1 < n && isExpansion(line.charAt(i + 1))) {
                throw unsupported("`" + line.substring(i, Math.min(n, i + 12)).split("\\s")[0] + "`");
            } else if (c == '`') {
                throw unsupported("command substitution with backquotes");
            } else if (c == '(' || c == ')') {
                throw unsupported("parentheses (subshells, grouping, process substitution)");
            } else if (c == '~' && !inWord && (i + 1 == n || line.charAt(i + 1) == '/' || breaks(line.charAt(i + 1)))) {
                word.append(home);
                inWord = true;
                i++;
            } else if (c == '>' || c == '<' || c == '|' || c == '&' || c == ';') {
                i = operator(i);
            } else {
                if (c == '*' || c == '?') glob = true;
                word.append(c);
                inWord = true;
                i++;
            }
        }
        flush();
    }

    private static boolean isExpansion(char next) {
        return Character.isLetterOrDigit(next) || "_{(?@#*!$-".indexOf(next) >= 0;
    }

    private static boolean breaks(char c) {
        return " \t\n;|&<>".indexOf(c) >= 0;
    }

    private int doubleQuoted(int i) throws SyntaxError {
        inWord = quoted = true;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') return i + 1;
            if (c == '\\' && i + 1 < line.length() && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                if (line.charAt(i + 1) != '\n') word.append(line.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '`') throw unsupported("command substitution with backquotes");
            if (c == '$' && i + 1 < line.length() && isExpansion(line.charAt(i + 1))) {
                throw unsupported("`" + line.substring(i, Math.min(line.length(), i + 12)).split("[\\s\"]")[0] + "`");
            }
            word.append(c);
            i++;
        }
        throw new SyntaxError("bash: unexpected EOF while looking for matching `\"'");
    }

    private int operator(int i) throws SyntaxError {
        char c = line.charAt(i);
        String next = line.substring(i + 1, Math.min(line.length(), i + 3));
        boolean fd = c == '>' && inWord && !quoted && (word.toString().equals("1") || word.toString().equals("2"));
        if (fd) {
            boolean err = word.toString().equals("2");
            word.setLength(0);
            inWord = glob = false;
            if (!err) return redirectOut(i);
            if (next.startsWith(">")) return op("2>>", i + 2);
            if (next.startsWith("&1")) return op("2>&1", i + 3);
            if (next.startsWith("&")) throw unsupported("redirection to a file descriptor other than 1");
            return op("2>", i + 1);
        }
        flush();
        return switch (c) {
            case '>' -> redirectOut(i);
            case '<' -> {
                if (next.startsWith("<")) throw unsupported("here-documents (<<)");
                yield op("<", i + 1);
            }
            case '|' -> {
                if (next.startsWith("|")) yield op("||", i + 2);
                if (next.startsWith("&")) throw unsupported("|&");
                yield op("|", i + 1);
            }
            case '&' -> {
                if (next.startsWith("&")) yield op("&&", i + 2);
                if (next.startsWith(">>")) throw unsupported("&>>");
                if (next.startsWith(">")) yield op("&>", i + 2);
                throw unsupported("background jobs (&)");
            }
            default -> op(";", i + 1);
        };
    }

    private int redirectOut(int i) throws SyntaxError {
        String next = line.substring(i + 1, Math.min(line.length(), i + 3));
        if (next.startsWith(">")) return op(">>", i + 2);
        if (next.startsWith("&") || next.startsWith("|")) throw unsupported(">" + next.charAt(0));
        return op(">", i + 1);
    }

    private int op(String text, int resume) {
        tokens.add(new Op(text));
        return resume;
    }

    /** A newline ends a pipeline, except where a line may continue (after |, &&, ||) or when nothing came before. */
    private void newline() {
        if (tokens.isEmpty()) return;
        if (tokens.getLast() instanceof Op op && List.of(";", "|", "&&", "||").contains(op.text())) return;
        tokens.add(new Op(";"));
    }

    private void flush() {
        if (inWord) tokens.add(new Word(word.toString(), glob));
        word.setLength(0);
        inWord = quoted = glob = false;
    }

    private List<Step> steps() throws SyntaxError {
        List<Step> steps = new ArrayList<>();
        Connector connector = Connector.ALWAYS;
        while (pos < tokens.size()) {
            steps.add(new Step(connector, pipeline()));
            if (pos == tokens.size()) break;
            String op = ((Op) tokens.get(pos++)).text();
            connector = switch (op) {
                case "&&" -> Connector.AND;
                case "||" -> Connector.OR;
                default -> Connector.ALWAYS;
            };
            if (pos == tokens.size() && connector != Connector.ALWAYS) throw new SyntaxError("bash: syntax error: unexpected end of file");
        }
        return steps;
    }

    private Pipeline pipeline() throws SyntaxError {
        List<Simple> commands = new ArrayList<>();
        commands.add(simple());
        while (pos < tokens.size() && tokens.get(pos) instanceof Op op && op.text().equals("|")) {
            pos++;
            if (pos == tokens.size()) throw new SyntaxError("bash: syntax error: unexpected end of file");
            commands.add(simple());
        }
        return new Pipeline(commands);
    }

    private Simple simple() throws SyntaxError {
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (pos < tokens.size()) {
            Object token = tokens.get(pos);
            if (token instanceof Word w) {
                words.add(w);
                pos++;
                continue;
            }
            RedirectKind kind = redirectKind(((Op) token).text());
            if (kind == null) break;
            pos++;
            if (kind == RedirectKind.ERR_TO_OUT) {
                redirects.add(new Redirect(kind, null));
                continue;
            }
            if (pos == tokens.size()) throw new SyntaxError("bash: syntax error near unexpected token `newline'");
            if (!(tokens.get(pos) instanceof Word target)) {
                throw new SyntaxError("bash: syntax error near unexpected token `" + ((Op) tokens.get(pos)).text() + "'");
            }
            redirects.add(new Redirect(kind, target.text()));
            pos++;
        }
        if (words.isEmpty() && redirects.isEmpty()) {
            String near = pos < tokens.size() ? ((Op) tokens.get(pos)).text() : "newline";
            throw new SyntaxError("bash: syntax error near unexpected token `" + near + "'");
        }
        return new Simple(words, redirects);
    }

    private static RedirectKind redirectKind(String op) {
        return switch (op) {
            case ">" -> RedirectKind.OUT;
            case ">>" -> RedirectKind.APPEND;
            case "<" -> RedirectKind.IN;
            case "2>" -> RedirectKind.ERR;
            case "2>>" -> RedirectKind.ERR_APPEND;
            case "2>&1" -> RedirectKind.ERR_TO_OUT;
            case "&>" -> RedirectKind.BOTH;
            default -> null;
        };
    }
}
