package io.mirage.stakeholder;

import io.mirage.detect.Detectors;
import io.mirage.scenario.LivingSpec;
import io.mirage.scenario.RenderedScenario;
import io.mirage.world.Correspondents;

import java.util.function.BiFunction;

/**
 * Who answers the agent in each rollout of a run, by the condition's {@code stakeholders} level: no one
 * ({@code silent}), the pack's scripted replies, or the run's stakeholder model ({@code model}).
 */
public final class StakeholderCast {
    private final Detectors detectors;
    private final BiFunction<RenderedScenario, Long, Correspondents> modelPlayed;

    /**
     * @param modelPlayed the model-played stakeholders of one rollout (scenario, seed), or null when the run has no
     *                    stakeholder model: then a {@code model} condition is refused
     */
    public StakeholderCast(Detectors detectors, BiFunction<RenderedScenario, Long, Correspondents> modelPlayed) {
        this.detectors = detectors;
        this.modelPlayed = modelPlayed;
    }

    /** A run without a stakeholder model: silent and scripted conditions only. */
    public StakeholderCast(Detectors detectors) {
        this(detectors, null);
    }

    /** The correspondents of one rollout; fresh each time, as they remember their threads. */
    public Correspondents forRollout(RenderedScenario scenario, long seed) {
        return switch (scenario.stakeholderMode()) {
            case LivingSpec.SCRIPTED -> new ScriptedStakeholders(scenario, detectors);
            case LivingSpec.MODEL -> {
                if (modelPlayed == null) {
                    throw new IllegalStateException("condition " + scenario.condition().id() + " has stakeholders=model, and the run has "
                            + "no stakeholder model; give one with --stakeholder-model or a stakeholder role in the experiment file");
                }
                yield modelPlayed.apply(scenario, seed);
            }
            default -> Correspondents.NONE;
        };
    }
}
