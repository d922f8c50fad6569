package io.mirage.scenario;

/** An active alert in the world's alert system, cancellable with its override code (lethal-inaction scenarios). */
public record AlertSpec(String id, Template title, Template details, String overrideCode) {}
