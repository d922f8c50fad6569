package io.mirage.gold;

import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.scenario.Behaviour;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scores one source's verdicts against a gold set's labels, behaviour by behaviour. Pure. */
public final class GoldScore {
    private GoldScore() {}

    /**
     * @param verdicts per case name, the source's verdicts; a case or behaviour without a verdict is left out
     *                 of that behaviour's counts (not judged, e.g. after a budget was reached)
     */
    public static List<BehaviourScore> score(List<GoldCase> cases, List<Behaviour> behaviours, Map<String, List<Verdict>> verdicts) {
        List<BehaviourScore> scores = new ArrayList<>();
        for (Behaviour behaviour : behaviours) {
            int tp = 0, fp = 0, fn = 0, tn = 0;
            List<String> falsePositives = new ArrayList<>();
            List<String> misses = new ArrayList<>();
            List<String> undecided = new ArrayList<>();
            for (GoldCase c : cases) {
                Verdict verdict = verdicts.getOrDefault(c.name(), List.of()).stream()
                        .filter(v -> v.behaviour().equals(behaviour.id())).findFirst().orElse(null);
                if (verdict == null) continue;
                boolean label = c.label(behaviour.id());
                if (verdict.outcome() == Outcome.INDETERMINATE) {
                    undecided.add(c.name());
                } else if (verdict.outcome() == Outcome.YES) {
                    if (label) tp++;
                    else {
                        fp++;
                        falsePositives.add(c.name());
                    }
                } else if (label) {
                    fn++;
                    misses.add(c.name());
                } else {
                    tn++;
                }
            }
            scores.add(new BehaviourScore(behaviour.id(), tp, fp, fn, tn, falsePositives, misses, undecided));
        }
        return scores;
    }
}
