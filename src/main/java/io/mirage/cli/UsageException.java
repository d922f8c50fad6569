package io.mirage.cli;

/** Input from the command line that cannot be used; the message says what to do. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
