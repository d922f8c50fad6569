package io.mirage.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The single thread that stores finished rollouts. It commits whatever has arrived in one
 * transaction, so throughput stays high while at most the last few finished rollouts are
 * uncommitted at any moment.
 */
final class ResultWriter implements AutoCloseable {
    private static final int MAX_BATCH = 256;

    private final RunStore store;
    private final String runId;
    private final IntConsumer onSaved;
    // Bounded, so rollouts that finish faster than they can be stored wait instead of piling up in memory.
    private final BlockingQueue<FinishedRollout> queue = new LinkedBlockingQueue<>(4 * MAX_BATCH);
    private final Thread thread;
    private volatile boolean closing;
    private volatile RuntimeException failure;
    /** Set once the failure has been thrown to the engine, so {@link #close} does not throw the same exception again. */
    private volatile boolean failureReported;
    /** Indices stored; and what was dropped because another process claimed it meanwhile, with its cost. */
    private final java.util.Set<Integer> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.DoubleAdder droppedCost = new java.util.concurrent.atomic.DoubleAdder();

    ResultWriter(RunStore store, String runId, IntConsumer onSaved) {
        this.store = store;
        this.runId = runId;
        this.onSaved = onSaved;
        this.thread = Thread.ofPlatform().name("mirage-writer").daemon(true).start(this::loop);
    }

    void submit(FinishedRollout finished) throws InterruptedException {
        while (!queue.offer(finished, 100, TimeUnit.MILLISECONDS)) {
            if (failure != null) throw reported();
        }
    }

    /** Throws the store's failure, if it had one, so no more rollouts are started in vain. */
    void ensureHealthy() {
        if (failure != null) throw reported();
    }

    private RuntimeException reported() {
        failureReported = true;
        return failure;
    }

    private void loop() {
        List<FinishedRollout> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (!closing || !queue.isEmpty()) {
                FinishedRollout first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                java.util.Set<Integer> lost = new java.util.HashSet<>(store.save(runId, batch));
                for (FinishedRollout f : batch) {
                    if (!lost.contains(f.plan().index())) {
                        stored.add(f.plan().index());
                    } else {
                        dropped.incrementAndGet();
                        if (f.costUsd() != null) droppedCost.add(f.costUsd());
                    }
                }
                onSaved.accept(batch.size() - lost.size());
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Whether the rollout with this index was stored (valid once closed). */
    boolean stored(int index) {
        return stored.contains(index);
    }

    /** Rollouts finished here but not stored: another process claimed them after this one's lease ran out. */
    int dropped() {
        return dropped.get();
    }

    double droppedCost() {
        return droppedCost.sum();
    }

    /** Waits until everything submitted is stored. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Throwing an exception already in flight would make try-with-resources add it to itself as suppressed,
        // which fails with "Self-suppression not permitted" and hides the store's own message.
        if (failure != null && !failureReported) throw reported();
    }
}
