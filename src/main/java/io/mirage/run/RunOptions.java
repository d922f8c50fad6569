package io.mirage.run;

/** How to execute a run: rollouts at once, and whether errored rollouts are tried again. */
public record RunOptions(int concurrency, boolean retryErrors) {
    public RunOptions {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
    }
}
