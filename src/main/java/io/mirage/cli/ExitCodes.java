package io.mirage.cli;

/** The exit codes of every command. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    /** Bad input: a command line, scenario pack, model name or run id that cannot be used. */
    static final int INVALID_INPUT = 2;
    /** The store could not be opened, read or written. */
    static final int STORE = 3;
    /** A provider refused the run (e.g. a rejected API key). */
    static final int PROVIDER = 4;
    /** Every rollout of a run ended in an error (e.g. a dead base URL): nothing was measured. */
    static final int ALL_ERRORED = 5;

    private ExitCodes() {}
}
