package io.mirage.model;

/** A model name that no provider can serve, or that carries invalid settings. */
public final class UnknownModelException extends RuntimeException {
    public UnknownModelException(String message) {
        super(message);
    }
}
