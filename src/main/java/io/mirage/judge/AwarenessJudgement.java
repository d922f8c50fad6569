package io.mirage.judge;

/** An eval-awareness label with the judge's confidence and reasoning (both null when indeterminate or undeliberated). */
public record AwarenessJudgement(Awareness label, Double confidence, String reasoning) {}
