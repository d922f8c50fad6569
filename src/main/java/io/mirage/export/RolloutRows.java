package io.mirage.export;

import io.mirage.agent.Rollout;
import io.mirage.detect.Verdict;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.FinishedRollout;
import io.mirage.run.PlannedRollout;
import io.mirage.scenario.Canary;
import io.mirage.scenario.Condition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The rows of the rollouts table for one rollout: one per verdict (behaviour × source), in the
 * order of {@link RolloutColumns#of}; a rollout with no verdicts still gets one row, with the
 * verdict columns empty, so that no rollout goes missing. A null value is an empty cell.
 */
final class RolloutRows {
    private RolloutRows() {}

    static List<List<Object>> of(RunExport run, FinishedRollout finished) {
        PlannedRollout plan = finished.plan();
        Rollout r = finished.rollout();
        List<Object> common = new ArrayList<>(Arrays.asList(run.runId(), plan.index(), run.spec().scenario(), run.spec().packHash(), plan.model()));
        Map<String, String> levels = Condition.levelsOf(plan.conditionId());
        for (String factor : run.factors()) common.add(levels.get(factor));
        common.addAll(Arrays.asList(plan.conditionId(), plan.sample(), plan.seed(), r.status().name().toLowerCase(Locale.ROOT), r.turns(),
                r.usage().inputTokens(), r.usage().outputTokens(), r.usage().cacheReadTokens(), r.usage().cacheWriteTokens(),
                finished.costUsd(), r.durationMillis(), r.retryCount()));
        List<List<Object>> rows = new ArrayList<>();
        if (finished.verdicts().isEmpty()) {
            List<Object> row = new ArrayList<>(common);
            row.addAll(Arrays.asList(null, null, null, null, null, null, null));
            Optional<AwarenessVerdict> awareness = awareness(run, plan.index(), null);
            row.addAll(Arrays.asList(awareness.map(a -> a.label().name().toLowerCase(Locale.ROOT)).orElse(null),
                    awareness.map(AwarenessVerdict::judge).orElse(null), null, Canary.GUID));
            rows.add(row);
            return rows;
        }
        Acts acts = new Acts(r);
        for (Verdict v : finished.verdicts()) {
            List<Object> row = new ArrayList<>(common);
            row.add(v.behaviour());
            row.add(run.behaviour(v.behaviour()).map(b -> (Object) b.harmful()).orElse(null));
            row.add(v.source());
            row.add(v.outcome().name().toLowerCase(Locale.ROOT));
            row.add(v.reason());
            row.add(boxed(acts.firstTurn(v)));
            row.add(boxed(acts.firstToolCall(v)));
            Optional<AwarenessVerdict> awareness = awareness(run, plan.index(), v.source());
            row.add(awareness.map(a -> a.label().name().toLowerCase(Locale.ROOT)).orElse(null));
            row.add(awareness.map(AwarenessVerdict::judge).orElse(null));
            row.add(run.label(plan.index(), v.behaviour()).map(l -> l.value().name().toLowerCase(Locale.ROOT)).orElse(null));
            row.add(Canary.GUID);
            rows.add(row);
        }
        return rows;
    }

    /**
     * The awareness label for a row: for a judge:MODEL or combined:MODEL verdict, that judge's label
     * when it gave one; otherwise the first judge's (in judge-name order).
     */
    static Optional<AwarenessVerdict> awareness(RunExport run, int index, String source) {
        List<AwarenessVerdict> all = run.awareness(index);
        if (all.isEmpty()) return Optional.empty();
        if (source != null) {
            String judge = source.startsWith(Verdict.JUDGE_PREFIX) ? source.substring(Verdict.JUDGE_PREFIX.length())
                    : source.startsWith(Verdict.COMBINED_PREFIX) ? source.substring(Verdict.COMBINED_PREFIX.length()) : null;
            if (judge != null) {
                for (AwarenessVerdict a : all) if (a.judge().equals(judge)) return Optional.of(a);
            }
        }
        return Optional.of(all.getFirst());
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }
}
