package io.mirage.agent;

/**
 * A model call that was not made because the run's budget is spent: the rollout stops where it is
 * and is not stored, so it runs again, whole, when the run is resumed with a higher budget.
 */
public final class BudgetReachedException extends RuntimeException {
    public BudgetReachedException(String message) {
        super(message);
    }
}
