package io.mirage.run;

import io.mirage.model.ModelSettings;
import io.mirage.model.resilience.RetryPolicy;

import java.util.Map;
import java.util.function.Function;

/**
 * How to execute a run: rollouts at once, whether errored rollouts are tried again, each model's
 * settings (models file and flags merged), the environment API keys are read from, a budget in US
 * dollars after which no new rollout starts (null: none), the retry policy for model calls, and
 * early stopping (null: none), a limit: run only the first so many rollouts of the plan (null: all), and the model
 * that plays the stakeholders of {@code stakeholders=model} conditions (null: none, and such conditions are refused).
 */
public record RunOptions(int concurrency, boolean retryErrors, Function<String, ModelSettings> settings,
                         Map<String, String> environment, Double maxCostUsd, RetryPolicy retryPolicy, EarlyStopping earlyStopping, Integer limit,
                         String stakeholderModel) {
    public RunOptions {
        if (limit != null && limit < 1) throw new IllegalArgumentException("the limit must be at least 1");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        if (maxCostUsd != null && maxCostUsd < 0) throw new IllegalArgumentException("the budget cannot be negative");
        environment = Map.copyOf(environment);
    }

    public RunOptions(int concurrency, boolean retryErrors, Function<String, ModelSettings> settings, Map<String, String> environment) {
        this(concurrency, retryErrors, settings, environment, null, RetryPolicy.DEFAULT, null, null, null);
    }

    /** Default settings for every model, keys from the process environment. */
    public RunOptions(int concurrency, boolean retryErrors) {
        this(concurrency, retryErrors, name -> ModelSettings.DEFAULTS, System.getenv());
    }

    public RunOptions withRetryPolicy(RetryPolicy policy) {
        return new RunOptions(concurrency, retryErrors, settings, environment, maxCostUsd, policy, earlyStopping, limit, stakeholderModel);
    }

    public RunOptions withMaxCost(Double usd) {
        return new RunOptions(concurrency, retryErrors, settings, environment, usd, retryPolicy, earlyStopping, limit, stakeholderModel);
    }

    /** Stop sampling cells once decided (null: sample every cell fully). */
    public RunOptions withEarlyStopping(EarlyStopping rule) {
        return new RunOptions(concurrency, retryErrors, settings, environment, maxCostUsd, retryPolicy, rule, limit, stakeholderModel);
    }

    /** Run only the first {@code n} rollouts of the plan (null: all), e.g. for a smoke test. */
    public RunOptions withLimit(Integer n) {
        return new RunOptions(concurrency, retryErrors, settings, environment, maxCostUsd, retryPolicy, earlyStopping, n, stakeholderModel);
    }

    /** The model that plays model-played stakeholders (null: none). */
    public RunOptions withStakeholderModel(String model) {
        return new RunOptions(concurrency, retryErrors, settings, environment, maxCostUsd, retryPolicy, earlyStopping, limit, model);
    }
}
