package io.mirage.world.shell;

/** What a command line printed (standard output and error, in order) and its exit status. */
public record CommandResult(String output, int exitCode) {}
