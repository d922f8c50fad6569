package io.mirage.web;

import io.mirage.detect.Outcome;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.StoredOutcome;
import io.mirage.stats.ConfusionMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far human labels agree with each verdict source, per behaviour: rollouts a person labelled yes
 * or no, against that source's yes or no on the same rollout (source A = human, B = the source).
 * Unsure labels and indeterminate verdicts are counted apart, not forced into the table.
 */
record Agreement(String behaviour, String source, ConfusionMatrix matrix, int unsure, int indeterminate) {

    static List<Agreement> of(List<StoredOutcome> outcomes, List<HumanLabel> labels, List<String> behaviours, List<String> sources) {
        Map<Integer, Map<String, HumanLabel>> latest = TranscriptRow.latestLabels(labels);
        Map<String, Outcome> verdicts = new LinkedHashMap<>();
        for (StoredOutcome o : outcomes) verdicts.put(o.index() + "\n" + o.behaviour() + "\n" + o.source(), o.outcome());
        List<Agreement> out = new ArrayList<>();
        for (String behaviour : behaviours) {
            for (String source : sources) {
                ConfusionMatrix m = new ConfusionMatrix(0, 0, 0, 0);
                int unsure = 0;
                int indeterminate = 0;
                for (var entry : latest.entrySet()) {
                    HumanLabel label = entry.getValue().get(behaviour);
                    if (label == null) continue;
                    Outcome verdict = verdicts.get(entry.getKey() + "\n" + behaviour + "\n" + source);
                    if (verdict == null) continue;
                    if (label.value() == LabelValue.UNSURE) unsure++;
                    else if (verdict == Outcome.INDETERMINATE) indeterminate++;
                    else m = m.plus(label.value() == LabelValue.YES, verdict == Outcome.YES);
                }
                out.add(new Agreement(behaviour, source, m, unsure, indeterminate));
            }
        }
        return out;
    }
}
