package io.mirage.cli;

import io.mirage.model.UnknownModelException;
import io.mirage.run.StoreException;
import io.mirage.config.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The command-line entry point: the only place that calls {@link System#exit}. */
// scope INHERIT gives every subcommand -h/--help and -V/--version, so `mirage run --help` needs no required option
@Command(name = "mirage", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Main.Version.class,
        description = "Measures how often AI agents act harmfully in simulated corporate worlds.")
public final class Main {
    /** The version and the commit this jar was built from, as runs record them in their manifests. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {io.mirage.experiment.BuildInfo.current().toString()};
        }
    }

    /**
     * The subcommands in usage order, each built only when a command line needs it: picocli reads every
     * annotation of a command when it is added, which was most of the start-up time.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("init", InitCommand::new);
        commands.put("run", RunCommand::new);
        commands.put("resume", ResumeCommand::new);
        commands.put("runs", RunsCommand::new);
        commands.put("show", ShowCommand::new);
        commands.put("delete", DeleteCommand::new);
        commands.put("report", ReportCommand::new);
        commands.put("export", ExportCommand::new);
        commands.put("judge", JudgeCommand::new);
        commands.put("compare", CompareCommand::new);
        commands.put("plan", PlanCommand::new);
        commands.put("scenarios", ScenariosCommand::new);
        commands.put("validate", ValidateCommand::new);
        commands.put("models", ModelsCommand::new);
        commands.put("demo", DemoCommand::new);
        commands.put("bench", BenchCommand::new);
        commands.put("worker", WorkerCommand::new);
        commands.put("serve", ServeCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(commands);
    }

    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of failures.")
    boolean stacktrace;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams and returns its exit code; for tests too. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = commandLine(main, args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // A command line picocli cannot parse: its one-line reason (and a near name, if any), not 100 lines of usage.
        cli.setParameterExceptionHandler((e, badArgs) -> {
            CommandLine command = e.getCommandLine();
            PrintWriter stream = command.getErr();
            stream.println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, stream);
            stream.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
            stream.flush();
            return ExitCodes.INVALID_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = exitCode(e);
            commandLine.getErr().println("error: " + e.getMessage());
            if (e instanceof StoreException) {
                commandLine.getErr().println("What was stored before the failure is safe: fix the cause (disk space, permissions, a lock held "
                        + "elsewhere) and run `mirage resume RUN`, or the same command again, to go on from there.");
            }
            if (main.stacktrace) e.printStackTrace(commandLine.getErr());
            else if (code == ExitCodes.INTERNAL) commandLine.getErr().println("(an internal error: please report it; --stacktrace shows where)");
            commandLine.getErr().flush();
            return code;
        });
        return cli.execute(args);
    }

    /** The command tree with the subcommands {@code args} need; with no arguments, the whole tree. */
    static CommandLine commandLine(Main main, String... args) {
        CommandLine cli = new CommandLine(main);
        Set<String> needed = needed(args);
        COMMANDS.forEach((name, command) -> {
            if (needed == null || needed.contains(name)) cli.addSubcommand(name, command.get());
        });
        return cli;
    }

    /**
     * The subcommands a command line needs, or null for all. Main has no positional parameters and no
     * option that takes a value, so the first argument that is not an option names the subcommand.
     * All are needed for `help`, a mistyped name (its suggestions), --help and no command at all;
     * none for --version alone.
     */
    private static Set<String> needed(String[] args) {
        String first = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        if (first != null) return COMMANDS.containsKey(first) && !first.equals("help") ? Set.of(first) : null;
        boolean versionOnly = args.length > 0 && Arrays.stream(args).allMatch(a -> a.equals("-V") || a.equals("--version"));
        return versionOnly ? Set.of() : null;
    }

    static int exitCode(Exception e) {
        if (e instanceof RunStoppedException) return ExitCodes.PROVIDER;
        if (e instanceof InvalidInputException || e instanceof UnknownModelException || e instanceof UsageException
                || e instanceof IllegalArgumentException) {
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof StoreException) return ExitCodes.STORE;
        return ExitCodes.INTERNAL;
    }
}
