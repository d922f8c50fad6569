package io.mirage.model.resilience;

import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelException.Kind;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.Retry;
import io.mirage.model.StopReason;
import io.mirage.model.Usage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class GuardedModelTest {
    private static final ModelRequest REQUEST = new ModelRequest("s".repeat(400), List.of(new Message.User("hi")), List.of(), 1);
    private static final ModelResponse OK = new ModelResponse("ok", "", List.of(), new Usage(100, 10, 0, 0), StopReason.END_TURN);

    /** Time that only moves when someone sleeps. */
    static final class FakeTime implements TimeSource {
        long now;
        final List<Duration> sleeps = new ArrayList<>();

        public synchronized long nanoTime() {
            return now;
        }

        public synchronized void sleep(Duration d) {
            sleeps.add(d);
            now += d.toNanos();
        }
    }

    /** Fails with the queued exceptions, then answers OK. */
    static final class Flaky implements Model {
        final Deque<ModelException> failures = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

        Flaky(ModelException... failures) {
            this.failures.addAll(List.of(failures));
        }

        public String name() {
            return "test/flaky";
        }

        public ModelResponse generate(ModelRequest request) throws ModelException {
            calls.incrementAndGet();
            ModelException next;
            synchronized (failures) {
                next = failures.poll();
            }
            if (next != null) throw next;
            return OK;
        }
    }

    private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void transientFailures_areRetriedWithBackoff_andRecordedOnTheAnswer() throws Exception {
        FakeTime time = new FakeTime();
        Flaky inner = new Flaky(new ModelException("500 internal", Kind.TRANSIENT),
                new ModelException("429 slow down", Kind.RATE_LIMITED, Duration.ofSeconds(2), null));
        ModelResponse response = new GuardedModel(inner, POLICY, Limits.UNLIMITED, time).generate(REQUEST);
        assertEquals("ok", response.text());
        assertEquals(3, inner.calls.get());
        List<Retry> retries = response.retries();
        assertEquals(2, retries.size());
        assertEquals(new Retry(1, Kind.TRANSIENT, "500 internal", time.sleeps.get(0).toMillis()), retries.get(0));
        assertTrue(time.sleeps.get(0).toMillis() >= 50 && time.sleeps.get(0).toMillis() <= 100, "first wait in [base/2, base]");
        assertTrue(time.sleeps.get(1).toMillis() >= 2000, "retry-after of 2 s honoured: " + time.sleeps.get(1));
    }

    @Test
    void authAndInvalidRequests_areNotRetried() {
        for (Kind kind : List.of(Kind.AUTH, Kind.INVALID_REQUEST)) {
            FakeTime time = new FakeTime();
            Flaky inner = new Flaky(new ModelException("no", kind));
            ModelException e = assertThrows(ModelException.class,
                    () -> new GuardedModel(inner, POLICY, Limits.UNLIMITED, time).generate(REQUEST));
            assertEquals(kind, e.kind());
            assertEquals(1, inner.calls.get());
            assertTrue(time.sleeps.isEmpty());
        }
    }

    @Test
    void persistentFailure_givesUpAfterMaxAttempts_withEveryRetryRecorded() {
        Flaky inner = new Flaky(new ModelException("a", Kind.TRANSIENT), new ModelException("b", Kind.TRANSIENT),
                new ModelException("c", Kind.TRANSIENT), new ModelException("d", Kind.TRANSIENT));
        ModelException e = assertThrows(ModelException.class,
                () -> new GuardedModel(inner, POLICY, Limits.UNLIMITED, new FakeTime()).generate(REQUEST));
        assertEquals("d", e.getMessage());
        assertEquals(List.of("a", "b", "c"), e.retries().stream().map(Retry::error).toList());
        assertEquals(4, inner.calls.get());
    }

    @Test
    void requestsPerMinute_spacesCallsOut() throws Exception {
        FakeTime time = new FakeTime();
        Limits limits = new Limits(Integer.MAX_VALUE, 60, 0, 20, Duration.ofSeconds(30));
        GuardedModel model = new GuardedModel(new Flaky(), POLICY, limits, time);
        for (int i = 0; i < 61; i++) model.generate(REQUEST);
        // a full bucket of 60 goes at once; the 61st waits about a second
        assertEquals(1, time.sleeps.size());
        assertEquals(1000, time.sleeps.getFirst().toMillis(), 5);
    }

    @Test
    void tokensPerMinute_paceByEstimatedInput() throws Exception {
        FakeTime time = new FakeTime();
        // each request is estimated at ~100 tokens (400 characters of system prompt + "hi") and uses 110
        Limits limits = new Limits(Integer.MAX_VALUE, 0, 1000, 20, Duration.ofSeconds(30));
        GuardedModel model = new GuardedModel(new Flaky(), POLICY, limits, time);
        for (int i = 0; i < 20; i++) model.generate(REQUEST);
        double minutes = time.now / 60e9;
        assertTrue(minutes > 1.0 && minutes < 1.5, "20 × 110 tokens at 1000/min after a full first minute: " + minutes);
    }

    @Test
    void circuitOpensAfterRepeatedFailures_andPausesCallers() {
        FakeTime time = new FakeTime();
        Limits limits = new Limits(Integer.MAX_VALUE, 0, 0, 3, Duration.ofSeconds(30));
        ModelException[] failures = new ModelException[4];
        java.util.Arrays.fill(failures, new ModelException("503", Kind.TRANSIENT));
        Flaky inner = new Flaky(failures);
        GuardedModel model = new GuardedModel(inner, new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)), limits, time);
        for (int i = 0; i < 3; i++) assertThrows(ModelException.class, () -> model.generate(REQUEST));
        assertEquals(1, model.timesBreakerOpened(), "three failures in a row open it");
        assertEquals(0, time.now, "no one has waited yet");
        assertThrows(ModelException.class, () -> model.generate(REQUEST));
        assertEquals(Duration.ofSeconds(30).toNanos(), time.now, "the next caller waited out the cool-down");
        assertEquals(2, model.timesBreakerOpened(), "failing right after the pause re-opens it");
        long before = time.now;
        assertEquals("ok", assertDoesNotThrow(() -> model.generate(REQUEST)).text());
        assertEquals(Duration.ofSeconds(60).toNanos(), time.now - before, "the second cool-down is twice as long");
        assertEquals(5, inner.calls.get());
    }

    /** What a listener hears, in order, as "started KIND length" and "ended KIND", with the fake time of each. */
    static final class Heard implements ModelWait.Listener {
        final List<String> events = new ArrayList<>();
        final FakeTime time;

        Heard(FakeTime time) {
            this.time = time;
        }

        public synchronized void waitStarted(ModelWait w) {
            events.add("started " + w.kind() + " " + w.length().toMillis() + "ms at " + time.now / 1_000_000 + " " + w.model());
        }

        public synchronized void waitEnded(ModelWait w) {
            events.add("ended " + w.kind() + " at " + time.now / 1_000_000);
        }
    }

    @Test
    void waits_areHeardWhenTheyStartAndEnd_retryRateLimitAndOpenCircuit() throws Exception {
        FakeTime time = new FakeTime();
        Heard heard = new Heard(time);
        Flaky inner = new Flaky(new ModelException("429 slow down", Kind.RATE_LIMITED, Duration.ofSeconds(2), null));
        new GuardedModel(inner, POLICY, Limits.UNLIMITED, time, heard).generate(REQUEST);
        assertEquals(List.of("started RETRY 2000ms at 0 test/flaky", "ended RETRY at 2000"), heard.events);

        heard.events.clear();
        GuardedModel limited = new GuardedModel(new Flaky(), POLICY, new Limits(Integer.MAX_VALUE, 60, 0, 20, Duration.ofSeconds(30)), time, heard);
        for (int i = 0; i < 61; i++) limited.generate(REQUEST);
        assertEquals(2, heard.events.size(), heard.events.toString());
        assertTrue(heard.events.get(0).startsWith("started RATE_LIMIT 1000ms") && heard.events.get(1).startsWith("ended RATE_LIMIT"),
                heard.events.toString());

        heard.events.clear();
        long t0 = time.now / 1_000_000;
        ModelException[] failures = new ModelException[3];
        java.util.Arrays.fill(failures, new ModelException("503", Kind.TRANSIENT));
        GuardedModel breaking = new GuardedModel(new Flaky(failures), new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)),
                new Limits(Integer.MAX_VALUE, 0, 0, 3, Duration.ofSeconds(30)), time, heard);
        for (int i = 0; i < 3; i++) assertThrows(ModelException.class, () -> breaking.generate(REQUEST));
        assertEquals(List.of(), heard.events, "no one waited yet");
        breaking.generate(REQUEST);
        assertEquals(List.of("started CIRCUIT_OPEN 30000ms at " + t0 + " test/flaky", "ended CIRCUIT_OPEN at " + (t0 + 30000)), heard.events);
    }

    @Test
    void concurrencyLimit_holdsUnderLoad() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Model slow = new Model() {
            public String name() {
                return "test/slow";
            }

            public ModelResponse generate(ModelRequest request) {
                int now = inFlight.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                return OK;
            }
        };
        GuardedModel model = new GuardedModel(slow, POLICY, new Limits(3, 0, 0, 20, Duration.ofSeconds(1)), TimeSource.SYSTEM);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 60; i++) pool.submit(() -> model.generate(REQUEST));
        }
        assertEquals(3, peak.get());
    }
}
