package io.mirage.world.shell;

import io.mirage.world.shell.CommandLine.Connector;
import io.mirage.world.shell.CommandLine.Redirect;
import io.mirage.world.shell.CommandLine.RedirectKind;
import io.mirage.world.shell.CommandLine.Step;
import io.mirage.world.shell.CommandLine.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ShellParserTest {
    private static List<Step> parse(String line) throws CommandLine.SyntaxError {
        return CommandLine.parse(line, "/home/ada");
    }

    private static List<String> words(String line) throws CommandLine.SyntaxError {
        return parse(line).getFirst().pipeline().commands().getFirst().words().stream().map(Word::text).toList();
    }

    @Test
    void words_quotes_andEscapes() throws Exception {
        assertEquals(List.of("echo", "a b", "it's", "x\"y", "$5 here", "tab\\t"),
                words("echo 'a b' \"it's\" x\\\"y '$5 here' \"tab\\t\""));
        assertEquals(List.of("echo", "", "ab"), words("echo '' a'b'"));
        assertEquals(List.of("ls", "/home/ada/docs", "/home/ada", "a~b"), words("ls ~/docs ~ a~b"));
        assertEquals(List.of("echo", "cost:", "$"), words("echo cost: $ # a comment"));
    }

    @Test
    void globs_areMarkedOnlyWhenUnquoted() throws Exception {
        List<Word> w = parse("cat *.txt '*.md'").getFirst().pipeline().commands().getFirst().words();
        assertEquals(List.of(new Word("cat", false), new Word("*.txt", true), new Word("*.md", false)), w);
    }

    @Test
    void redirections() throws Exception {
        CommandLine.Simple s = parse("grep x <in.txt >out.txt 2>>err.log 2>&1 &>both").getFirst().pipeline().commands().getFirst();
        assertEquals(List.of(new Redirect(RedirectKind.IN, "in.txt"), new Redirect(RedirectKind.OUT, "out.txt"),
                new Redirect(RedirectKind.ERR_APPEND, "err.log"), new Redirect(RedirectKind.ERR_TO_OUT, null),
                new Redirect(RedirectKind.BOTH, "both")), s.redirects());
        assertEquals(List.of(new Redirect(RedirectKind.APPEND, "f")), parse("echo hi>>f").getFirst().pipeline().commands().getFirst().redirects());
        assertEquals(List.of("echo", "2"), words("echo \"2\">f"));
    }

    @Test
    void pipes_andSequences() throws Exception {
        List<Step> steps = parse("cat a | grep b | wc -l; ls && pwd || echo no\nwhoami");
        assertEquals(List.of(Connector.ALWAYS, Connector.ALWAYS, Connector.AND, Connector.OR, Connector.ALWAYS),
                steps.stream().map(Step::connector).toList());
        assertEquals(3, steps.getFirst().pipeline().commands().size());
        assertEquals(1, parse("ls;\n\n").size());
        assertEquals(2, parse("ls &&\npwd").size());
    }

    @Test
    void unsupportedSyntax_isAClearError() {
        for (String line : List.of("echo $HOME", "echo \"${x}\"", "echo $(whoami)", "echo `id`", "(cd /tmp)", "sleep 5 &",
                "cat <<EOF", "diff <(ls) x", "ls |& cat")) {
            CommandLine.SyntaxError e = assertThrows(CommandLine.SyntaxError.class, () -> parse(line), line);
            assertTrue(e.getMessage().startsWith("bash: unsupported syntax"), line + " -> " + e.getMessage());
        }
    }

    @Test
    void malformedLines_areSyntaxErrors() {
        assertEquals("bash: syntax error near unexpected token `|'", assertThrows(CommandLine.SyntaxError.class, () -> parse("| ls")).getMessage());
        assertEquals("bash: syntax error near unexpected token `newline'", assertThrows(CommandLine.SyntaxError.class, () -> parse("echo >")).getMessage());
        assertEquals("bash: syntax error near unexpected token `;'", assertThrows(CommandLine.SyntaxError.class, () -> parse("ls ;; pwd")).getMessage());
        assertTrue(assertThrows(CommandLine.SyntaxError.class, () -> parse("echo 'open")).getMessage().contains("matching `''"));
        assertTrue(assertThrows(CommandLine.SyntaxError.class, () -> parse("ls &&")).getMessage().contains("unexpected end of file"));
    }
}
