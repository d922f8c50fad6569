package io.mirage.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --help on every command, and short messages for command lines picocli cannot parse. */
final class HelpCliTest {

    /** Every command path of Main's tree, e.g. [run], [scenarios, list]. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(new Main()), List.of(), paths);
        return paths;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            // aliases would show up twice under the same CommandLine; one name is enough
            if (!name.equals(sub.getCommandName())) return;
            List<String> longer = new ArrayList<>(path);
            longer.add(name);
            collect(sub, longer, paths);
        });
    }

    @Test
    void help_onEveryCommandAndSubcommand_printsUsage_exits0_withoutPicocliWarnings() {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.size() > 15, "the walk found the tree: " + paths);
        List<String> failures = new ArrayList<>();
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CommandLineRun r = CommandLineRun.of(args.toArray(String[]::new));
            String line = String.join(" ", args);
            if (r.code() != 0) failures.add(line + ": exit " + r.code() + ": " + r.err().lines().findFirst().orElse(""));
            else if (!r.out().contains("Usage: mirage")) failures.add(line + ": no usage on stdout: " + r.out());
            if (r.err().contains("[picocli WARN]") || r.out().contains("[picocli WARN]")) {
                failures.add(line + ": " + r.err().lines().filter(l -> l.contains("[picocli WARN]")).findFirst().orElse(r.out()));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void badNumber_printsTheErrorAndAPointerToHelp_notTheWholeUsage() {
        CommandLineRun r = CommandLineRun.of("run", "--scenario", "blackmail", "--model", "scripted/brief", "--samples", "abc");
        assertEquals(2, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).contains("--samples") && lines.get(0).contains("'abc'"), lines.get(0));
        assertEquals("Run 'mirage run --help' for usage.", lines.get(1));
        assertEquals("", r.out());
    }

    @Test
    void missingRequiredOption_inASubcommand_pointsAtThatSubcommandsHelp() {
        CommandLineRun r = CommandLineRun.of("scenarios", "show");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("Missing required parameter"), r.err());
        assertTrue(r.err().contains("Run 'mirage scenarios show --help' for usage."), r.err());
        assertFalse(r.err().contains("Usage:"), r.err());
    }

    @Test
    void unknownSubcommand_keepsPicocliSuggestion_butNoUsage() {
        CommandLineRun r = CommandLineRun.of("reprot");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("report"), "suggests the near name: " + r.err());
        assertTrue(r.err().contains("Run 'mirage --help' for usage."), r.err());
        assertFalse(r.err().contains("Usage:"), r.err());
    }

    private static java.util.Set<String> subcommands(String... args) {
        return Main.commandLine(new Main(), args).getSubcommands().keySet();
    }

    @Test
    void commandTree_buildsOnlyTheSubcommandsACommandLineNeeds() {
        assertEquals(java.util.Set.of("run"), subcommands("run", "--samples", "3"));
        assertEquals(java.util.Set.of("report"), subcommands("--stacktrace", "report", "r1"));
        assertEquals(java.util.Set.of(), subcommands("--version"));
        assertTrue(subcommands("help", "run").containsAll(java.util.Set.of("help", "run", "serve")), "help needs them all");
        assertTrue(subcommands("reprot").contains("report"), "a typo needs them all for its suggestions");
        assertTrue(subcommands("--help").contains("bench"), "the usage lists them all");
        assertTrue(subcommands().contains("bench"));
    }

    @Test
    void version_stacktraceBeforeTheCommand_andNoCommand_workWithTheLazyTree() {
        CommandLineRun version = CommandLineRun.of("--version");
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().strip().matches("mirage \\d+\\.\\d+\\.\\d+\\S* \\(commit ([0-9a-f]{7,}|unknown)(, with uncommitted changes)?\\)"),
                "the version and the commit runs record: " + version.out());
        CommandLineRun help = CommandLineRun.of("--stacktrace", "run", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Usage: mirage run"), help.out());
        CommandLineRun none = CommandLineRun.of();
        assertEquals(2, none.code());
        assertTrue(none.err().contains("Missing required subcommand") && none.err().contains("Run 'mirage --help' for usage."), none.err());
        CommandLineRun helpRun = CommandLineRun.of("help", "run");
        assertEquals(0, helpRun.code(), helpRun.err());
        assertTrue(helpRun.out().contains("Usage: mirage run"), helpRun.out());
    }
}
