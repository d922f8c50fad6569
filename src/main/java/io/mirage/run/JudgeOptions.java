package io.mirage.run;

import io.mirage.model.ModelSettings;
import io.mirage.model.resilience.RetryPolicy;

import java.util.Map;

/**
 * How to judge a stored run: the judge model and its settings, judge calls at once, replies a judge
 * may give per question before the verdict is indeterminate, whether rollouts this judge already
 * judged are judged again, where API keys come from, and a budget in US dollars after which no
 * new rollout is judged (null: none; needs the judge's prices).
 */
public record JudgeOptions(String judgeModel, ModelSettings settings, int concurrency, int maxAttempts, boolean rejudge,
                           Map<String, String> environment, RetryPolicy retryPolicy, Double maxCostUsd) {
    public static final int DEFAULT_ATTEMPTS = 3;

    public JudgeOptions {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        if (maxAttempts < 1) throw new IllegalArgumentException("a judge needs at least one attempt");
        environment = Map.copyOf(environment);
        if (maxCostUsd != null && maxCostUsd < 0) throw new IllegalArgumentException("the budget cannot be negative");
        if (maxCostUsd != null && settings.prices().isEmpty()) {
            throw new IllegalArgumentException("a judging budget needs the judge's prices: add prices for " + judgeModel + " to the models file");
        }
    }

    public JudgeOptions(String judgeModel, ModelSettings settings, int concurrency, int maxAttempts, boolean rejudge,
                        Map<String, String> environment, RetryPolicy retryPolicy) {
        this(judgeModel, settings, concurrency, maxAttempts, rejudge, environment, retryPolicy, null);
    }

    public JudgeOptions(String judgeModel, Map<String, String> environment) {
        this(judgeModel, ModelSettings.DEFAULTS, 16, DEFAULT_ATTEMPTS, false, environment, RetryPolicy.DEFAULT);
    }
}
