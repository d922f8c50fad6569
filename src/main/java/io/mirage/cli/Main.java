package io.mirage.cli;

import io.mirage.model.UnknownModelException;
import io.mirage.run.StoreException;
import io.mirage.config.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** The command-line entry point: the only place that calls {@link System#exit}. */
@Command(name = "mirage", mixinStandardHelpOptions = true, version = "mirage 0.1.0",
        description = "Measures how often AI agents act harmfully in simulated corporate worlds.",
        subcommands = {RunCommand.class, ResumeCommand.class, RunsCommand.class, DeleteCommand.class, ReportCommand.class, JudgeCommand.class, CompareCommand.class, PlanCommand.class,
                ScenariosCommand.class, ValidateCommand.class, ModelsCommand.class, DemoCommand.class, BenchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of failures.")
    boolean stacktrace;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams and returns its exit code; for tests too. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
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
