package io.mirage.run;

/**
 * What model-played stakeholders used in a run's stored rollouts, apart from the agent's usage: rollouts that had
 * them, tokens in and out, and cost in US dollars (null when none of those rollouts had a priced stakeholder model).
 */
public record StakeholderSpend(int rollouts, long inputTokens, long outputTokens, Double costUsd) {
    public static final StakeholderSpend NONE = new StakeholderSpend(0, 0, 0, null);
}
