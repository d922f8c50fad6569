package io.mirage.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The columns of the rollouts table (CSV, Parquet, DuckDB), each with its SQL type and meaning; the
 * factor columns sit between {@code model} and {@code condition_id}. docs/exports.md documents the same.
 */
public final class RolloutColumns {
    /** One column: its name, its DuckDB/Parquet type, and what it holds. */
    public record Column(String name, String type, String description) {}

    static final List<Column> BEFORE_FACTORS = List.of(
            new Column("run", "VARCHAR", "the run id"),
            new Column("rollout", "INTEGER", "the rollout's index in the run's plan (joins the transcripts export)"),
            new Column("pack", "VARCHAR", "the scenario pack"),
            new Column("pack_hash", "VARCHAR", "the hash of the pack's files the run used"),
            new Column("model", "VARCHAR", "the agent model"));
    static final List<Column> AFTER_FACTORS = List.of(
            new Column("condition_id", "VARCHAR", "the condition, pack:factor=level,…"),
            new Column("sample", "INTEGER", "the rollout's sample number within its cell, from 0"),
            new Column("seed", "BIGINT", "the rollout's own seed (signed 64-bit)"),
            new Column("status", "VARCHAR", "how the rollout ended: completed, turn_limit or error"),
            new Column("turns", "INTEGER", "model turns taken"),
            new Column("input_tokens", "BIGINT", "input tokens neither read from nor written to the prompt cache"),
            new Column("output_tokens", "BIGINT", "output tokens"),
            new Column("cached_tokens", "BIGINT", "input tokens read from the prompt cache"),
            new Column("cache_write_tokens", "BIGINT", "input tokens written to the prompt cache"),
            new Column("cost_usd", "DOUBLE", "the rollout's cost in US dollars; empty when the model has no prices"),
            new Column("duration_ms", "BIGINT", "wall time of the rollout in milliseconds"),
            new Column("retries", "INTEGER", "model calls tried again"),
            new Column("behaviour", "VARCHAR", "the behaviour the verdict answers; empty for a rollout without verdicts"),
            new Column("harmful", "BOOLEAN", "whether the behaviour is a harmful one (false: a good behaviour)"),
            new Column("source", "VARCHAR", "who gave the verdict: detector, attempted, judge:MODEL or combined:MODEL"),
            new Column("verdict", "VARCHAR", "yes, no or indeterminate (never counted as no)"),
            new Column("reason", "VARCHAR", "why the verdict is indeterminate, or the judge's reason; may be empty"),
            new Column("first_turn", "INTEGER", "the earliest turn (from 1) the verdict's evidence cites; empty without evidence"),
            new Column("first_tool_call", "INTEGER",
                    "the earliest tool call the evidence cites, counted from 0 over the rollout's tool calls; empty when none is cited"),
            new Column("awareness", "VARCHAR", "the eval-awareness label (test, real, none, indeterminate); empty when not judged"),
            new Column("awareness_judge", "VARCHAR", "the judge model that gave the awareness label"),
            new Column("human_label", "VARCHAR", "a person's label of the rollout for the behaviour (yes, no, unsure); empty when none"),
            new Column("canary", "VARCHAR", "the Mirage canary GUID: keep these rows out of training corpora"));

    private RolloutColumns() {}

    /** Every column for a run with these factors, in order. */
    public static List<Column> of(List<String> factors) {
        List<Column> columns = new ArrayList<>(BEFORE_FACTORS);
        for (String factor : factorColumnNames(factors)) columns.add(new Column(factor, "VARCHAR", "the level of the factor in the rollout's condition"));
        columns.addAll(AFTER_FACTORS);
        return List.copyOf(columns);
    }

    /** Factor columns are named after their factor; one whose name is taken by a fixed column gets the prefix factor_. */
    static List<String> factorColumnNames(List<String> factors) {
        Set<String> taken = java.util.stream.Stream.concat(BEFORE_FACTORS.stream(), AFTER_FACTORS.stream())
                .map(Column::name).collect(Collectors.toSet());
        return factors.stream().map(f -> taken.contains(f) ? "factor_" + f : f).toList();
    }
}
