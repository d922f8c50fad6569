package io.mirage.run;

import io.mirage.model.ModelSettings;
import io.mirage.model.resilience.RetryPolicy;

import java.util.Map;

/**
 * How to judge a stored run: the judge model and its settings, judge calls at once, replies a judge
 * may give per question before the verdict is indeterminate, whether rollouts this judge already
 * judged are judged again, and where API keys come from.
 */
public record JudgeOptions(String judgeModel, ModelSettings settings, int concurrency, int maxAttempts, boolean rejudge,
                           Map<String, String> environment, RetryPolicy retryPolicy) {
    public static final int DEFAULT_ATTEMPTS = 3;

    public JudgeOptions {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        if (maxAttempts < 1) throw new IllegalArgumentException("a judge needs at least one attempt");
        environment = Map.copyOf(environment);
    }

    public JudgeOptions(String judgeModel, Map<String, String> environment) {
        this(judgeModel, ModelSettings.DEFAULTS, 16, DEFAULT_ATTEMPTS, false, environment, RetryPolicy.DEFAULT);
    }
}
