package io.mirage.run;

import io.mirage.model.Usage;

/**
 * What a judging pass did: rollouts judged (wholly, or only their questions the judge had not answered
 * before), rollouts skipped because this judge had answered every question about them, judge
 * verdicts asked for in this pass by outcome, the tokens and cost (null when unpriced) the judge used, and
 * whether the budget stopped it before every rollout was judged.
 */
public record JudgeResult(String judgeModel, int judged, int alreadyJudged, int yes, int no, int indeterminate, Usage usage,
                          Double costUsd, boolean budgetReached) {}
