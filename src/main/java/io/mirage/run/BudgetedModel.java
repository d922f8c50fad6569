package io.mirage.run;

import io.mirage.agent.BudgetReachedException;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.Prices;
import io.mirage.model.Usage;

import java.util.Map;

/**
 * A model whose every call is paid from a {@link Budget}: it reserves the call's estimated cost
 * first — its input at about four characters a token, its output at the model's maximum — and
 * refuses to start the call once the budget is spent.
 */
final class BudgetedModel implements Model {
    /** What a call may write when no max_output_tokens is set (Anthropic's default in this tool). */
    static final long DEFAULT_OUTPUT_CAP = 4096;

    private final Model inner;
    private final Prices prices;
    private final long outputCap;
    private final Budget budget;

    BudgetedModel(Model inner, Prices prices, Integer maxOutputTokens, Budget budget) {
        this.inner = inner;
        this.prices = prices;
        this.outputCap = maxOutputTokens == null ? DEFAULT_OUTPUT_CAP : maxOutputTokens;
        this.budget = budget;
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
        double estimate = prices.cost(new Usage(request.approximateLength() / 4 + 1, outputCap, 0, 0));
        try {
            if (!budget.reserve(estimate)) throw new BudgetReachedException("the budget is spent; " + name() + " was not called");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BudgetReachedException("interrupted while waiting for the budget; " + name() + " was not called");
        }
        double cost = 0;
        try {
            ModelResponse response = inner.generate(request);
            cost = prices.cost(response.usage());
            return response;
        } finally {
            budget.settle(estimate, cost);
        }
    }
}
