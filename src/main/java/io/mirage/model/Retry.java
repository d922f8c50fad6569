package io.mirage.model;

/** One failed attempt at a model call that was tried again: what went wrong and how long we waited. */
public record Retry(int attempt, ModelException.Kind kind, String error, long waitedMillis) {}
