package io.mirage.run;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class BudgetUnitTest {
    @Test
    void aCallThatDoesNotFit_waitsForTheCallsInFlight_andNoneStartsOnceTheLimitIsSpent() throws Exception {
        Budget budget = new Budget(1.0, 0.2);
        assertTrue(budget.reserve(0.5));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> reserve(budget, 0.5));
        assertStillWaiting(waiting);
        budget.settle(0.5, 0.1);
        assertTrue(waiting.get(5, TimeUnit.SECONDS), "room once the first call cost less than reserved");
        budget.settle(0.5, 0.9);
        assertTrue(budget.reached());
        assertFalse(budget.reserve(0.01));
        assertEquals(1.2, budget.spent(), 1e-12);
    }

    @Test
    void reservationsThatDoNotAddUpExactly_neverLeaveACallWaitingForNothing() throws Exception {
        Budget budget = new Budget(1.0, 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(budget.reserve(0.1));
            assertTrue(budget.reserve(0.2));
            budget.settle(0.1, 0);
            budget.settle(0.2, 0);
        }
        CompletableFuture<Boolean> big = CompletableFuture.supplyAsync(() -> reserve(budget, 5.0));
        assertTrue(big.get(5, TimeUnit.SECONDS), "with nothing in flight one call may start, whatever its estimate");
    }

    private static boolean reserve(Budget budget, double estimate) {
        try {
            return budget.reserve(estimate);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The future is still waiting after a while. */
    private static void assertStillWaiting(CompletableFuture<Boolean> future) throws InterruptedException {
        Thread.sleep(200);
        assertFalse(future.isDone(), "waits while the calls in flight leave no room");
    }
}
