package io.mirage.world.shell;

import java.util.List;

/** One command being run: its name and arguments, standard input, and where its output goes. */
final class Call {
    final String name;
    final List<String> args;
    /** What was piped or redirected in; null when nothing was (a terminal with no one typing). */
    final String stdin;
    final Machine m;
    private final StringBuilder out;
    private final StringBuilder err;

    Call(String name, List<String> args, String stdin, Machine m, StringBuilder out, StringBuilder err) {
        this.name = name;
        this.args = List.copyOf(args);
        this.stdin = stdin;
        this.m = m;
        this.out = out;
        this.err = err;
    }

    /** Another command run with the same input and output, as when one command hands over to another. */
    Call as(String otherName, List<String> otherArgs) {
        return new Call(otherName, otherArgs, stdin, m, out, err);
    }

    void out(String text) {
        out.append(text);
    }

    /** Prints the line and a newline on standard output. */
    void println(String line) {
        out.append(line).append('\n');
    }

    void err(String text) {
        err.append(text);
    }

    /** Prints "name: message" on standard error and returns 1. */
    int fail(String message) {
        return fail(1, message);
    }

    /** Prints a whole line on standard error, for tools whose messages do not start with their name. */
    int report(int status, String line) {
        err.append(line).append('\n');
        return status;
    }

    int fail(int status, String message) {
        err.append(name).append(": ").append(message).append('\n');
        return status;
    }

    VirtualFileSystem fs() {
        return m.fs;
    }
}
