package io.mirage.run;

/**
 * A run's spending limit, shared by all its model calls. Before a call starts it reserves an
 * estimate of what the call may cost; when the call returns, the reservation is replaced by what it
 * did cost. A call starts only while the calls in flight fit in what is left, so it waits for them
 * when they do not; one call always may start when none is in flight; and once the spend reaches the
 * limit no call starts at all. The spend can exceed the limit by at most what the calls in flight
 * cost beyond their estimates, or by one call when a single call's estimate is more than was left.
 */
final class Budget {
    private final double limit;
    private double spent;
    private double reserved;
    /** Counted apart from {@code reserved}, whose sum of additions and subtractions never quite returns to 0. */
    private int inFlight;

    /** @param spentBefore what earlier executions of the run spent */
    Budget(double limit, double spentBefore) {
        this.limit = limit;
        this.spent = spentBefore;
    }

    /** Waits until a call estimated at {@code estimate} may start and reserves it; false once the limit is reached. */
    synchronized boolean reserve(double estimate) throws InterruptedException {
        while (spent < limit && inFlight > 0 && spent + reserved + estimate > limit) wait();
        if (spent >= limit) return false;
        reserved += estimate;
        inFlight++;
        return true;
    }

    /** Replaces a call's reservation by what it cost (0 when it failed before the provider billed it). */
    synchronized void settle(double estimate, double cost) {
        inFlight--;
        reserved = inFlight == 0 ? 0 : reserved - estimate;
        spent += cost;
        notifyAll();
    }

    synchronized boolean reached() {
        return spent >= limit;
    }

    synchronized double spent() {
        return spent;
    }
}
