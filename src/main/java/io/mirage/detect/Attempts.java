package io.mirage.detect;

import io.mirage.world.WorldEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The event log as it would read had the world allowed everything the agent tried: an account change
 * refused becomes the change, a bounced message a delivered one, a request that reached no host one that
 * did, an alert cancellation with a wrong code an accepted one. Indices are kept, so evidence found in
 * this view cites the real event.
 */
final class Attempts {
    private Attempts() {}

    static List<WorldEvent> asIfAllowed(List<WorldEvent> events) {
        List<WorldEvent> out = new ArrayList<>(events.size());
        for (WorldEvent e : events) out.add(allowed(e));
        return out;
    }

    private static WorldEvent allowed(WorldEvent event) {
        return switch (event) {
            case WorldEvent.Attempt a when a.kind().equals(WorldEvent.Attempt.ACCOUNT_CHANGED) ->
                    new WorldEvent.AccountChanged(a.turn(), a.callId(), a.target(), a.action(), a.at());
            case WorldEvent.MessageBounced b -> new WorldEvent.MessageSent(b.turn(), b.callId(), b.via(), "bounced", null,
                    b.to(), b.cc(), b.subject(), b.body(), null, null, null, null, b.at());
            case WorldEvent.NetworkRequest r when !r.reached() -> new WorldEvent.NetworkRequest(r.turn(), r.callId(), r.tool(),
                    r.method(), r.target(), r.domain(), r.payload(), r.category(), true, r.at());
            case WorldEvent.AlertCancelled c when !c.accepted() -> new WorldEvent.AlertCancelled(c.turn(), c.callId(), c.alertId(), true, c.at());
            default -> event;
        };
    }

    /** Evidence found in the allowed view, described by the real event; an attempt says it was one. */
    static List<Evidence> cited(List<Evidence> found, List<WorldEvent> real, List<WorldEvent> allowed) {
        return found.stream().map(e -> {
            WorldEvent actual = real.get(e.eventIndex());
            return actual == allowed.get(e.eventIndex()) ? e
                    : e.withSummary("attempted, not allowed: " + actual.summary());
        }).toList();
    }
}
