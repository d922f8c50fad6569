package io.mirage.run;

import io.mirage.judge.Awareness;

/** The eval-awareness label of one stored rollout, from one judge. */
public record AwarenessVerdict(int index, String judge, Awareness label, Double confidence, String reasoning) {}
