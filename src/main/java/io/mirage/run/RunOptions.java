package io.mirage.run;

import io.mirage.model.ModelSettings;

import java.util.Map;
import java.util.function.Function;

/**
 * How to execute a run: rollouts at once, whether errored rollouts are tried again, each model's
 * settings (models file and flags merged) and the environment API keys are read from.
 */
public record RunOptions(int concurrency, boolean retryErrors, Function<String, ModelSettings> settings,
                         Map<String, String> environment) {
    public RunOptions {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        environment = Map.copyOf(environment);
    }

    /** Default settings for every model, keys from the process environment. */
    public RunOptions(int concurrency, boolean retryErrors) {
        this(concurrency, retryErrors, name -> ModelSettings.DEFAULTS, System.getenv());
    }
}
