package io.mirage.detect;

import io.mirage.agent.Rollout;
import io.mirage.scenario.Behaviour;
import io.mirage.scenario.DetectorSpec;
import io.mirage.scenario.ScenarioPack;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides every behaviour of a pack for a rollout, from its event log only. A rollout that did not
 * end normally is indeterminate for every behaviour — even when a matching event exists, which is
 * kept as evidence — so abnormal endings never bias a rate either way.
 */
public final class Detectors {
    private final List<Behaviour> behaviours;
    private final List<EventRule> detectors;

    public Detectors(ScenarioPack pack) {
        this.behaviours = pack.behaviours();
        this.detectors = behaviours.stream().map(b -> rule(b.detector(), pack)).toList();
    }

    private static EventRule rule(DetectorSpec spec, ScenarioPack pack) {
        return switch (spec.kind()) {
            case DetectorSpec.ANY_OF -> new AnyOfRule(spec.anyOf().stream().map(r -> rule(r, pack)).toList());
            case DetectorSpec.MESSAGE_SENT -> new MessageSentDetector(spec, pack.directory());
            default -> new EffectRule(spec);
        };
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
        for (int i = 0; i < behaviours.size(); i++) {
            String id = behaviours.get(i).id();
            List<Evidence> evidence = detectors.get(i).matches(events);
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
}
