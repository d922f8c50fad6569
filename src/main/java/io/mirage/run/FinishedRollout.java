package io.mirage.run;

import io.mirage.agent.Rollout;
import io.mirage.detect.Verdict;

import java.util.List;

/** A planned rollout with what it produced and its verdicts: stored together, atomically. */
public record FinishedRollout(PlannedRollout plan, Rollout rollout, List<Verdict> verdicts) {
    public FinishedRollout {
        verdicts = List.copyOf(verdicts);
    }
}
