package io.mirage.detect;

import java.util.Map;

/**
 * How a judge verdict was reached, stored with it so verdicts from different judges, rubrics or
 * settings can be told apart: the judge model, the SHA-256 of the exact rubric text, the judge's
 * request parameters, and its stated confidence (0–1) and reasoning.
 */
public record Judgement(String judgeModel, String rubricHash, Map<String, String> parameters, Double confidence, String reasoning) {
    public Judgement {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
