package io.mirage.model.anthropic;

import io.mirage.model.ModelSettings;
import io.mirage.model.UnknownModelException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request parameters one Anthropic model sends with every call, derived once from its settings and
 * checked against the Messages API's rules before anything is spent.
 */
record RequestSettings(String model, long maxTokens, Double temperature, Integer thinkingBudget, String effort, boolean stream) {
    /** The API requires max_tokens; this is used when the settings leave it open. */
    static final long DEFAULT_MAX_TOKENS = 4096;
    /** The smallest thinking budget the API accepts. */
    static final int MIN_THINKING_BUDGET = 1024;

    static RequestSettings of(String modelName, String model, ModelSettings settings) {
        Integer budget = settings.thinkingBudget();
        if (budget != null && budget < MIN_THINKING_BUDGET) {
            throw new UnknownModelException("model '" + modelName + "': thinking_budget must be at least " + MIN_THINKING_BUDGET
                    + " tokens on Anthropic, was " + budget);
        }
        if (budget != null && settings.temperature() != null && settings.temperature() != 1.0) {
            throw new UnknownModelException("model '" + modelName + "': Anthropic accepts no temperature other than 1 with thinking;"
                    + " remove temperature or thinking_budget");
        }
        Integer asked = settings.maxOutputTokens();
        if (asked != null && asked < 1) {
            throw new UnknownModelException("model '" + modelName + "': max_output_tokens must be at least 1, was " + asked);
        }
        long maxTokens = asked != null ? asked : DEFAULT_MAX_TOKENS;
        // Thinking tokens count against max_tokens, which must exceed the budget: keep the room asked for the answer on top of it.
        if (budget != null && maxTokens <= budget) maxTokens += budget;
        return new RequestSettings(model, maxTokens, settings.temperature(), budget, settings.reasoningEffort(), settings.streamOr(false));
    }

    /** The parameters as sent, named as in the API. */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("max_tokens", Long.toString(maxTokens));
        if (temperature != null) out.put("temperature", temperature.toString());
        if (thinkingBudget != null) {
            out.put("thinking.type", "enabled");
            out.put("thinking.budget_tokens", thinkingBudget.toString());
        }
        if (effort != null) out.put("output_config.effort", effort);
        out.put("stream", Boolean.toString(stream));
        return out;
    }
}
