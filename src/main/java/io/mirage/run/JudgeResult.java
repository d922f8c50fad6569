package io.mirage.run;

import io.mirage.model.Usage;

/**
 * What a judging pass did: rollouts judged, rollouts skipped because this judge had already judged
 * them, judge verdicts by outcome, and the tokens and cost (null when unpriced) the judge used.
 */
public record JudgeResult(String judgeModel, int judged, int alreadyJudged, int yes, int no, int indeterminate, Usage usage,
                          Double costUsd) {}
