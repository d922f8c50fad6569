package io.mirage.world.shell;

/** A shell command: prints through the call and returns its exit status. */
@FunctionalInterface
interface Command {
    int run(Call call) throws Opts.UsageError;

    /** A command's name, its synopsis (shown by help and on a usage error) and what it does. */
    record Spec(String name, String synopsis, Command command) {}
}
