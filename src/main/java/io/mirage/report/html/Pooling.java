package io.mirage.report.html;

import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;

import java.util.function.Predicate;

/**
 * Adds up the cells of one model and behaviour over a set of conditions: k, n, indeterminate and
 * not-run counts are summed (never recounted from verdicts), and the pooled {@link CellResult}
 * gives the rate and its interval as every other cell does.
 */
final class Pooling {
    private Pooling() {}

    static CellResult pool(ResultTable table, String model, String behaviour, Predicate<String> conditionIds, String label) {
        int planned = 0, n = 0, k = 0, indeterminate = 0, pending = 0;
        boolean harmful = true;
        for (CellResult c : table.cells()) {
            if (!c.model().equals(model) || !c.behaviour().equals(behaviour) || !conditionIds.test(c.conditionId())) continue;
            harmful = c.harmful();
            planned += c.planned();
            n += c.n();
            k += c.k();
            indeterminate += c.indeterminate();
            pending += c.pending();
        }
        return new CellResult(model, label, behaviour, harmful, planned, n, k, indeterminate, pending);
    }
}
