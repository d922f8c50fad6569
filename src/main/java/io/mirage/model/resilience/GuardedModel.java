package io.mirage.model.resilience;

import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.Retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;

/**
 * The one wrapper that owns retries, rate limits, concurrency and the circuit breaker, around any
 * adapter (adapters themselves never retry). Retryable failures are tried again with backoff and
 * recorded on the answer; authentication and invalid-request failures are passed on at once.
 */
public final class GuardedModel implements Model {
    private final Model inner;
    private final RetryPolicy policy;
    private final TimeSource time;
    private final Semaphore slots;
    private final TokenBucket requests;
    private final TokenBucket tokens;
    private final CircuitBreaker breaker;
    private final SplittableRandom jitter;
    private final ModelWait.Listener waits;

    public GuardedModel(Model inner, RetryPolicy policy, Limits limits, TimeSource time) {
        this(inner, policy, limits, time, ModelWait.Listener.NONE);
    }

    /** @param waits told when a call starts and stops waiting (retry backoff, rate limit, open circuit) */
    public GuardedModel(Model inner, RetryPolicy policy, Limits limits, TimeSource time, ModelWait.Listener waits) {
        this.inner = inner;
        this.waits = waits;
        this.policy = policy;
        this.time = time;
        this.slots = new Semaphore(limits.concurrency(), true);
        this.requests = limits.requestsPerMinute() > 0 ? new TokenBucket(limits.requestsPerMinute(), time) : null;
        this.tokens = limits.tokensPerMinute() > 0 ? new TokenBucket(limits.tokensPerMinute(), time) : null;
        this.breaker = new CircuitBreaker(limits.breakerThreshold(), limits.breakerCoolDown(), time);
        this.jitter = new SplittableRandom(inner.name().hashCode());
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Map<String, String> parameters() {
        return inner.parameters();
    }

    @Override
    public ModelResponse generate(ModelRequest request) throws ModelException {
        List<Retry> retries = new ArrayList<>();
        long estimate = estimateInputTokens(request);
        for (int attempt = 1; ; attempt++) {
            try {
                Duration open = breaker.openFor();
                if (open.isPositive()) {
                    ModelWait wait = new ModelWait(name(), ModelWait.Kind.CIRCUIT_OPEN, open, "");
                    waits.waitStarted(wait);
                    try {
                        breaker.awaitClosed();
                    } finally {
                        waits.waitEnded(wait);
                    }
                }
                if (requests != null) acquire(requests, 1);
                if (tokens != null) acquire(tokens, estimate);
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException("interrupted while waiting to call " + name(), ModelException.Kind.TRANSIENT, null, e)
                        .afterRetries(retries);
            }
            ModelException failure;
            try {
                ModelResponse response = inner.generate(request);
                breaker.onSuccess();
                if (tokens != null) tokens.adjust(response.usage().inputTokens() + response.usage().outputTokens() - estimate);
                return response.withRetries(retries);
            } catch (ModelException e) {
                failure = e;
            } finally {
                slots.release();
            }
            if (!failure.retryable()) throw failure.afterRetries(retries);
            breaker.onFailure();
            if (attempt >= policy.maxAttempts()) throw failure.afterRetries(retries);
            Duration wait;
            synchronized (jitter) {
                wait = policy.delay(attempt, failure.retryAfter(), jitter);
            }
            retries.add(new Retry(attempt, failure.kind(), failure.getMessage(), wait.toMillis()));
            ModelWait retry = new ModelWait(name(), ModelWait.Kind.RETRY, wait, failure.getMessage() == null ? "" : failure.getMessage());
            waits.waitStarted(retry);
            try {
                sleep(wait, retries);
            } finally {
                waits.waitEnded(retry);
            }
        }
    }

    /** Takes from a rate limit's bucket, telling the listener when it has to wait. */
    private void acquire(TokenBucket bucket, long amount) throws InterruptedException {
        ModelWait[] started = new ModelWait[1];
        try {
            bucket.acquire(amount, wait -> {
                if (started[0] == null) {
                    started[0] = new ModelWait(name(), ModelWait.Kind.RATE_LIMIT, wait, "");
                    waits.waitStarted(started[0]);
                }
            });
        } finally {
            if (started[0] != null) waits.waitEnded(started[0]);
        }
    }

    int timesBreakerOpened() {
        return breaker.timesOpened();
    }

    private void sleep(Duration wait, List<Retry> retries) throws ModelException {
        try {
            time.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while waiting to retry " + name(), ModelException.Kind.TRANSIENT, null, e)
                    .afterRetries(retries);
        }
    }

    /** About four characters a token: enough to pace a tokens-per-minute limit before the real count is known. */
    static long estimateInputTokens(ModelRequest request) {
        return Math.max(1, request.approximateLength() / 4);
    }
}
