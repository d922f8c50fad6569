package io.mirage.scenario;

/** Something a run counts, e.g. blackmail, with the detector that decides it from events; {@code line} is where the manifest declares it. */
public record Behaviour(String id, String title, boolean harmful, String description, DetectorSpec detector, int line) {}
