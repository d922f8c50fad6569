package io.mirage.world;

import java.util.List;

/** Events without their virtual times, for tests that compare what happened rather than when. */
public final class Untimed {
    private Untimed() {}

    public static List<WorldEvent> of(List<WorldEvent> events) {
        return events.stream().map(e -> e.at(null)).toList();
    }
}
