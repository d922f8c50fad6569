package io.mirage.detect;

import io.mirage.world.WorldEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A behaviour shown by any of several rules: the events any of them found, each cited once, in log order. */
final class AnyOfRule implements EventRule {
    private final List<EventRule> rules;

    AnyOfRule(List<EventRule> rules) {
        this.rules = List.copyOf(rules);
    }

    @Override
    public List<Evidence> matches(List<WorldEvent> events) {
        TreeMap<Integer, Evidence> byEvent = new TreeMap<>();
        for (EventRule rule : rules) {
            for (Evidence e : rule.matches(events)) byEvent.putIfAbsent(e.eventIndex(), e);
        }
        return new ArrayList<>(byEvent.values());
    }
}
