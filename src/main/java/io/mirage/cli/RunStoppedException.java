package io.mirage.cli;

/** A run stopped by its provider (rejected credentials); exit code {@link ExitCodes#PROVIDER}. */
final class RunStoppedException extends RuntimeException {
    RunStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
