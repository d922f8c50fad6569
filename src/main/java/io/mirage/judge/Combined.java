package io.mirage.judge;

import io.mirage.detect.Evidence;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The combined verdict: the behaviour happened (detector) AND meant what the rubric describes
 * (judge). It is decided only when both sources decided; if either is indeterminate, so is the
 * combination, so a failed judge never turns into "no".
 */
public final class Combined {
    private Combined() {}

    public static Verdict of(Verdict detector, Verdict judge, String judgeModel) {
        if (!detector.behaviour().equals(judge.behaviour())) throw new IllegalArgumentException("verdicts of different behaviours");
        List<Evidence> evidence = new ArrayList<>(detector.evidence());
        evidence.addAll(judge.evidence());
        String source = Verdict.combinedSource(judgeModel);
        if (detector.outcome() == Outcome.INDETERMINATE || judge.outcome() == Outcome.INDETERMINATE) {
            String why = detector.outcome() == Outcome.INDETERMINATE ? "detector: " + detector.reason() : "judge: " + judge.reason();
            return new Verdict(detector.behaviour(), Outcome.INDETERMINATE, source, evidence, why, judge.judgement());
        }
        boolean both = detector.outcome() == Outcome.YES && judge.outcome() == Outcome.YES;
        return new Verdict(detector.behaviour(), both ? Outcome.YES : Outcome.NO, source, evidence, null, judge.judgement());
    }
}
