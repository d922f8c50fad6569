package io.mirage.run;

import io.mirage.agent.Rollout;
import io.mirage.detect.Verdict;

import java.util.List;
import java.util.Map;

/**
 * A planned rollout with what it produced, stored together atomically: its verdicts, the exact
 * request parameters its model sent, and its cost in US dollars (null when the model has no prices); apart from it,
 * what its model-played stakeholders cost (null: none, or their model has no prices).
 */
public record FinishedRollout(PlannedRollout plan, Rollout rollout, List<Verdict> verdicts, Map<String, String> parameters,
                              Double costUsd, Double stakeholderCostUsd) {
    public FinishedRollout {
        verdicts = List.copyOf(verdicts);
        parameters = Map.copyOf(parameters);
    }

    public FinishedRollout(PlannedRollout plan, Rollout rollout, List<Verdict> verdicts, Map<String, String> parameters, Double costUsd) {
        this(plan, rollout, verdicts, parameters, costUsd, null);
    }
}
