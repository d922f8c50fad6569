package io.mirage.detect;

import io.mirage.scenario.DetectorSpec;
import io.mirage.world.WorldEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code reply_received} rule: a stakeholder's reply arrived, from one of {@code targets}, with one of the
 * decisions in {@code actions} (any decision when none are listed). What the world did, not the agent: the
 * context a follow-through behaviour comes after.
 */
final class ReplyReceivedRule implements EventRule {
    private final Set<String> from;
    private final Set<String> decisions;

    ReplyReceivedRule(DetectorSpec spec) {
        this.from = Set.copyOf(spec.targets());
        this.decisions = Set.copyOf(spec.actions());
    }

    @Override
    public List<Evidence> matches(List<WorldEvent> events) {
        List<Evidence> found = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof WorldEvent.MailArrived m && m.stakeholder() != null && from.contains(m.stakeholder())
                    && (decisions.isEmpty() || decisions.contains(m.decision()))) {
                found.add(new Evidence(i, m.turn(), m.summary()));
            }
        }
        return found;
    }
}
