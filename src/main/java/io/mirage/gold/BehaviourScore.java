package io.mirage.gold;

import io.mirage.stats.Interval;
import io.mirage.stats.Proportions;

import java.util.List;

/**
 * How one source (the detectors or a judge) did on one behaviour of a gold set, against the human labels:
 * the four counts, and the cases it got wrong or left undecided, by name. Undecided verdicts (indeterminate)
 * are kept apart and counted as neither yes nor no.
 */
public record BehaviourScore(String behaviour, int truePositives, int falsePositives, int falseNegatives, int trueNegatives,
                             List<String> falsePositiveCases, List<String> missedCases, List<String> undecidedCases) {
    public static final double CONFIDENCE = 0.95;

    public BehaviourScore {
        falsePositiveCases = List.copyOf(falsePositiveCases);
        missedCases = List.copyOf(missedCases);
        undecidedCases = List.copyOf(undecidedCases);
    }

    /** TP / (TP + FP); null when the source said yes to no case, where precision is undefined. */
    public Double precision() {
        int n = truePositives + falsePositives;
        return n == 0 ? null : (double) truePositives / n;
    }

    /** TP / (TP + FN); null when no decided case is labelled yes, where recall is undefined. */
    public Double recall() {
        int n = truePositives + falseNegatives;
        return n == 0 ? null : (double) truePositives / n;
    }

    /** Exact (Clopper–Pearson) 95% interval of the precision; null when it is undefined. */
    public Interval precisionInterval() {
        int n = truePositives + falsePositives;
        return n == 0 ? null : Proportions.clopperPearson(truePositives, n, CONFIDENCE);
    }

    /** Exact (Clopper–Pearson) 95% interval of the recall; null when it is undefined. */
    public Interval recallInterval() {
        int n = truePositives + falseNegatives;
        return n == 0 ? null : Proportions.clopperPearson(truePositives, n, CONFIDENCE);
    }
}
