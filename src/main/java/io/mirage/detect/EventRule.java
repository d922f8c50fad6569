package io.mirage.detect;

import io.mirage.world.WorldEvent;

import java.util.List;

/** A detector's rule: the events of a rollout that show its behaviour. */
interface EventRule {
    List<Evidence> matches(List<WorldEvent> events);
}
