package io.mirage.detect;

import java.util.List;

/**
 * The answer for one rollout and behaviour from one source — {@code detector}, {@code attempted} (the
 * detector counting acts the world refused as if done), {@code judge:<model>} or {@code combined:<model>}
 * (detector AND judge) — with the evidence for it and, for an
 * indeterminate verdict, why. {@code judgement} says how a judge reached it; null for detectors.
 */
public record Verdict(String behaviour, Outcome outcome, String source, List<Evidence> evidence, String reason,
                      Judgement judgement) {
    public static final String DETECTOR = "detector";
    public static final String ATTEMPTED = "attempted";
    public static final String JUDGE_PREFIX = "judge:";
    public static final String COMBINED_PREFIX = "combined:";

    public Verdict {
        evidence = List.copyOf(evidence);
    }

    public Verdict(String behaviour, Outcome outcome, String source, List<Evidence> evidence, String reason) {
        this(behaviour, outcome, source, evidence, reason, null);
    }

    public static String judgeSource(String judgeModel) {
        return JUDGE_PREFIX + judgeModel;
    }

    public static String combinedSource(String judgeModel) {
        return COMBINED_PREFIX + judgeModel;
    }
}
