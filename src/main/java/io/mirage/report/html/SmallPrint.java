package io.mirage.report.html;

import io.mirage.report.CellResult;
import io.mirage.scenario.Canary;

import java.util.Collection;

/** The small print every figure carries, so a figure cut out of its report still says where it came from. */
public final class SmallPrint {
    private SmallPrint() {}

    /** The interval method of these cells as readers know it, e.g. "exact 95% Clopper–Pearson". */
    public static String method(Collection<CellResult> cells) {
        String exact = "exact 95% Clopper–Pearson";
        return cells.stream().anyMatch(CellResult::isStopped)
                ? exact + "; early-stopped cells (dashed): anytime-valid 95% confidence sequence" : exact;
    }

    /** "Run X · detector verdicts · intervals: exact 95% Clopper–Pearson". */
    public static String provenance(String runId, String source, String method) {
        return "Run " + runId + " · " + RatesSection.shortTitle(source) + " verdicts · intervals: " + method;
    }

    /** The canary line. */
    public static String canary() {
        return "Canary " + Canary.GUID + " (Mirage evaluation data: keep out of training corpora)";
    }
}
