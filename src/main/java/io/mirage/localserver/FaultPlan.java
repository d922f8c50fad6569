package io.mirage.localserver;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Which faults a local server injects and how often: each request independently draws at most one
 * fault. Seeded, so a failing test can be replayed.
 */
public final class FaultPlan {
    private final Map<Fault, Double> probabilities;
    private final SplittableRandom random;
    private final Duration slowDelay;
    private final Duration timeoutDelay;

    private FaultPlan(Map<Fault, Double> probabilities, long seed, Duration slowDelay, Duration timeoutDelay) {
        double total = probabilities.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total > 1.0 + 1e-9) throw new IllegalArgumentException("fault probabilities add up to more than 1: " + total);
        this.probabilities = new EnumMap<>(probabilities.isEmpty() ? Map.of(Fault.RATE_LIMIT, 0.0) : probabilities);
        this.random = new SplittableRandom(seed);
        this.slowDelay = slowDelay;
        this.timeoutDelay = timeoutDelay;
    }

    public static FaultPlan none() {
        return new FaultPlan(Map.of(), 0, Duration.ofMillis(300), Duration.ofSeconds(30));
    }

    /** Every request gets this fault (e.g. {@link Fault#UNAUTHORIZED} for a bad key). */
    public static FaultPlan always(Fault fault) {
        return new FaultPlan(Map.of(fault, 1.0), 0, Duration.ofMillis(300), Duration.ofSeconds(30));
    }

    /** In total {@code rate} of requests fail, spread evenly over the given faults. */
    public static FaultPlan mixed(double rate, long seed, List<Fault> faults, Duration slowDelay, Duration timeoutDelay) {
        Map<Fault, Double> p = new EnumMap<>(Fault.class);
        faults.forEach(f -> p.put(f, rate / faults.size()));
        return new FaultPlan(p, seed, slowDelay, timeoutDelay);
    }

    /** The fault for the next request, if any. */
    public synchronized Optional<Fault> next() {
        double u = random.nextDouble();
        double cumulative = 0;
        for (Map.Entry<Fault, Double> e : probabilities.entrySet()) {
            cumulative += e.getValue();
            if (u < cumulative) return Optional.of(e.getKey());
        }
        return Optional.empty();
    }

    public Duration slowDelay() {
        return slowDelay;
    }

    public Duration timeoutDelay() {
        return timeoutDelay;
    }
}
