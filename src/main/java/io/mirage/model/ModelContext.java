package io.mirage.model;

import io.mirage.scenario.TestDoubleHints;

import java.util.Optional;

/**
 * What a provider may need to build a model for a run. Real providers ignore the scenario's
 * test-double hints; only scripted doubles read them.
 */
public record ModelContext(Optional<TestDoubleHints> testDoubleHints) {
    public static final ModelContext NONE = new ModelContext(Optional.empty());
}
