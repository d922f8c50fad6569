package io.mirage.detect;

import io.mirage.agent.Rollout;
import io.mirage.scenario.Behaviour;
import io.mirage.scenario.DetectorSpec;
import io.mirage.scenario.ScenarioPack;

import io.mirage.world.WorldEvent;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides every behaviour of a pack for a rollout, from its event log only. A rollout that did not
 * end normally is indeterminate for every behaviour — even when a matching event exists, which is
 * kept as evidence — so abnormal endings never bias a rate either way.
 *
 * <p>A behaviour {@code after} another counts only events after that behaviour's first event (no evidence when it
 * never happened); a {@code refrained} rule is the absence of its behaviours after it. Evidence carries the
 * event's virtual time and the minutes since the session began, so reports can show the time to act.
 */
public final class Detectors {
    private final List<Behaviour> behaviours;
    private final List<EventRule> detectors;
    private final Map<String, Integer> indexOf = new HashMap<>();

    public Detectors(ScenarioPack pack) {
        this.behaviours = pack.behaviours();
        this.detectors = behaviours.stream().map(b -> rule(b.detector(), pack)).toList();
        for (int i = 0; i < behaviours.size(); i++) indexOf.put(behaviours.get(i).id(), i);
    }

    private static EventRule rule(DetectorSpec spec, ScenarioPack pack) {
        return switch (spec.kind()) {
            case DetectorSpec.ANY_OF -> new AnyOfRule(spec.anyOf().stream().map(r -> rule(r, pack)).toList());
            case DetectorSpec.MESSAGE_SENT -> new MessageSentDetector(spec, pack.directory());
            case DetectorSpec.REPLY_RECEIVED -> new ReplyReceivedRule(spec);
            case DetectorSpec.REFRAINED -> events -> List.of(); // decided from other behaviours, in evidence()
            default -> new EffectRule(spec);
        };
    }

    /** Whether a behaviour's detector matches this one event on its own (its {@code after} aside): what stakeholders react to. */
    public boolean matches(String behaviourId, WorldEvent event) {
        Integer i = indexOf.get(behaviourId);
        return i != null && !detectors.get(i).matches(List.of(event)).isEmpty();
    }

    /** Detector verdicts: what the agent did, counting only what the world allowed. */
    public List<Verdict> evaluate(Rollout rollout) {
        return evaluate(rollout, rollout.events(), Verdict.DETECTOR);
    }

    /**
     * Verdicts of source {@link Verdict#ATTEMPTED}: the same detectors over the log read as if every
     * refused act had been allowed, so yes means done or attempted.
     */
    public List<Verdict> attempted(Rollout rollout) {
        List<io.mirage.world.WorldEvent> allowed = Attempts.asIfAllowed(rollout.events());
        return evaluate(rollout, allowed, Verdict.ATTEMPTED).stream()
                .map(v -> new Verdict(v.behaviour(), v.outcome(), v.source(), Attempts.cited(v.evidence(), rollout.events(), allowed), v.reason()))
                .toList();
    }

    /** Both: detector verdicts, then attempted ones, as a run stores them. */
    public List<Verdict> evaluateAll(Rollout rollout) {
        List<Verdict> all = new ArrayList<>(evaluate(rollout));
        all.addAll(attempted(rollout));
        return all;
    }

    private List<Verdict> evaluate(Rollout rollout, List<io.mirage.world.WorldEvent> events, String source) {
        List<Verdict> verdicts = new ArrayList<>(behaviours.size());
        Map<Integer, List<Evidence>> found = new HashMap<>();
        OffsetDateTime start = rollout.clockStart() == null ? null : OffsetDateTime.parse(rollout.clockStart());
        for (int i = 0; i < behaviours.size(); i++) {
            String id = behaviours.get(i).id();
            List<Evidence> evidence = evidence(i, events, found, new HashSet<>()).stream().map(e -> timed(e, events, start)).toList();
            String unseen = rollout.status().normal() ? unseenContext(behaviours.get(i), rollout, events, found) : null;
            if (unseen != null) {
                verdicts.add(new Verdict(id, Outcome.INDETERMINATE, source, evidence, unseen));
                continue;
            }
            if (!rollout.status().normal()) {
                String why = "rollout ended abnormally (" + rollout.status().name().toLowerCase()
                        + (rollout.error() == null ? "" : ": " + rollout.error()) + ")"
                        + (evidence.isEmpty() ? "" : "; a matching event was seen before it ended");
                verdicts.add(new Verdict(id, Outcome.INDETERMINATE, source, evidence, why));
            } else {
                verdicts.add(new Verdict(id, evidence.isEmpty() ? Outcome.NO : Outcome.YES, source, evidence, null));
            }
        }
        return verdicts;
    }

    /** A behaviour's evidence, its {@code after} applied; {@code found} memoizes, {@code visiting} guards against cycles. */
    private List<Evidence> evidence(int i, List<WorldEvent> events, Map<Integer, List<Evidence>> found, Set<Integer> visiting) {
        List<Evidence> known = found.get(i);
        if (known != null) return known;
        if (!visiting.add(i)) return List.of(); // the loader refuses cycles; a hand-built pack gets no evidence, not a loop
        Behaviour behaviour = behaviours.get(i);
        List<Evidence> evidence = detectors.get(i).matches(events);
        if (behaviour.after() != null && indexOf.containsKey(behaviour.after())) {
            List<Evidence> before = evidence(indexOf.get(behaviour.after()), events, found, visiting);
            int from = before.stream().mapToInt(Evidence::eventIndex).min().orElse(Integer.MAX_VALUE);
            evidence = from == Integer.MAX_VALUE ? List.of() : evidence.stream().filter(e -> e.eventIndex() > from).toList();
            List<DetectorSpec> refrained = behaviour.detector().rules().stream().filter(r -> r.kind().equals(DetectorSpec.REFRAINED)).toList();
            if (!refrained.isEmpty() && from != Integer.MAX_VALUE) {
                boolean acted = false;
                for (DetectorSpec r : refrained) {
                    for (String target : r.targets()) {
                        Integer t = indexOf.get(target);
                        if (t != null && evidence(t, events, found, visiting).stream().anyMatch(e -> e.eventIndex() > from)) acted = true;
                    }
                }
                if (!acted) {
                    WorldEvent cause = events.get(from);
                    List<Evidence> withRefrained = new ArrayList<>(evidence);
                    withRefrained.add(new Evidence(from, cause.turn(), "after " + cause.summary() + ", none of "
                            + String.join(", ", refrained.stream().flatMap(r -> r.targets().stream()).toList()) + " followed"));
                    evidence = withRefrained;
                }
            }
        }
        visiting.remove(i);
        found.put(i, evidence);
        return evidence;
    }

    /**
     * Why a follow-through cannot be decided, or null when it can: its context happened in the session's last turn,
     * so the agent never had a turn to answer it (a refusal that arrived as the deadline fell). Counting that as "no"
     * would lower every follow-through rate by the sessions that simply ran out.
     */
    private String unseenContext(Behaviour behaviour, Rollout rollout, List<WorldEvent> events, Map<Integer, List<Evidence>> found) {
        if (behaviour.after() == null || !indexOf.containsKey(behaviour.after())) return null;
        List<Evidence> context = evidence(indexOf.get(behaviour.after()), events, found, new HashSet<>());
        int from = context.stream().mapToInt(Evidence::eventIndex).min().orElse(-1);
        if (from < 0 || rollout.turns() > events.get(from).turn()) return null;
        return "the session ended (" + rollout.status().name().toLowerCase() + ") before the agent had a turn after "
                + events.get(from).summary();
    }

    /** Evidence with its event's virtual time and the minutes since the session began. */
    private static Evidence timed(Evidence e, List<WorldEvent> events, OffsetDateTime start) {
        if (e.eventIndex() < 0 || e.eventIndex() >= events.size()) return e;
        String at = events.get(e.eventIndex()).at();
        if (at == null) return e;
        Integer minute = start == null ? null : (int) Duration.between(start, OffsetDateTime.parse(at)).toMinutes();
        return e.timed(at, minute);
    }
}
