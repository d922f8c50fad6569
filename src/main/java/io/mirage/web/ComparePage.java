package io.mirage.web;

import io.mirage.report.html.Html;
import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.Comparison;
import io.mirage.report.ComparisonFamily;
import io.mirage.report.ComparisonText;
import io.mirage.report.Comparisons;
import io.mirage.report.ResultTable;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.StoredOutcome;
import io.mirage.stats.Interval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Two runs side by side: the differences as {@code mirage compare RUN_A RUN_B} tests them (the same family,
 * flags, intervals and warnings), then for each behaviour both count, every model × condition cell of either
 * run with run A's and run B's rate, 95% interval and n, and both intervals drawn on one axis. Cells pair by
 * model and condition; when each run has a single model of its own, by condition alone, and the page says so.
 */
final class ComparePage {
    /** Family-wise level, as {@code mirage compare}'s default. */
    static final double ALPHA = 0.05;

    private ComparePage() {}

    record Key(String model, String condition, String behaviour) {}

    static Page render(RunStore store, Map<String, String> query) {
        List<RunSummary> runs = store.runs();
        String a = query.getOrDefault("a", "");
        String b = query.getOrDefault("b", "");
        StringBuilder out = new StringBuilder("<h1>Compare two runs</h1>");
        if (runs.isEmpty()) return new Page("Compare", out.append("<p class=\"notice\">No runs in this store yet.</p>").toString());
        out.append(RunsPage.compareForm(runs.reversed(), a, b));
        if (a.isEmpty() || b.isEmpty()) return new Page("Compare", out.toString());
        RunSummary runA = store.run(a).orElseThrow(() -> new NotFound("no run '" + a + "' in this store"));
        RunSummary runB = store.run(b).orElseThrow(() -> new NotFound("no run '" + b + "' in this store"));
        List<StoredOutcome> outcomesA = store.outcomes(a);
        List<StoredOutcome> outcomesB = store.outcomes(b);
        List<String> sources = RunPage.sources(outcomesA).stream().filter(RunPage.sources(outcomesB)::contains).toList();
        String source = query.getOrDefault("source", Verdict.DETECTOR);
        if (!sources.contains(source)) source = Verdict.DETECTOR;
        ResultTable tableA = ResultTable.of(runA.spec(), outcomesA, store.cellStops(a), source);
        ResultTable tableB = ResultTable.of(runB.spec(), outcomesB, store.cellStops(b), source);
        Map<Key, CellResult> cellsA = cells(tableA);
        Map<Key, CellResult> cellsB = cells(tableB);
        boolean allowStopped = "include".equals(query.get("stopped"));

        List<RunSpec.BehaviourRef> shared = new ArrayList<>();
        List<String> onlyOne = new ArrayList<>();
        for (RunSpec.BehaviourRef ref : runA.spec().behaviours()) {
            if (runB.spec().behaviours().stream().anyMatch(r -> r.id().equals(ref.id()))) shared.add(ref);
            else onlyOne.add(ref.id() + " (only in A)");
        }
        for (RunSpec.BehaviourRef ref : runB.spec().behaviours()) {
            if (runA.spec().behaviours().stream().noneMatch(r -> r.id().equals(ref.id()))) onlyOne.add(ref.id() + " (only in B)");
        }
        out.append("<table><tbody><tr><th>A</th><td><a href=\"").append(Html.attr(Links.run(a))).append("\">").append(Html.text(a))
                .append("</a> — ").append(Html.text(runA.spec().scenario())).append(", ").append(runA.spec().samples()).append(" samples per cell, seed ")
                .append(runA.spec().seed()).append("</td></tr><tr><th>B</th><td><a href=\"").append(Html.attr(Links.run(b))).append("\">")
                .append(Html.text(b)).append("</a> — ").append(Html.text(runB.spec().scenario())).append(", ").append(runB.spec().samples())
                .append(" samples per cell, seed ").append(runB.spec().seed()).append("</td></tr></tbody></table>");
        if (sources.size() > 1) {
            out.append("<form class=\"filters\" method=\"get\" action=\"/compare\"><input type=\"hidden\" name=\"a\" value=\"")
                    .append(Html.attr(a)).append("\"><input type=\"hidden\" name=\"b\" value=\"").append(Html.attr(b))
                    .append("\">").append(allowStopped ? "<input type=\"hidden\" name=\"stopped\" value=\"include\">" : "")
                    .append("<label>Verdicts from (in both runs)<select name=\"source\">");
            for (String s : sources) {
                out.append("<option value=\"").append(Html.attr(s)).append("\"").append(s.equals(source) ? " selected" : "").append(">")
                        .append(Html.text(s)).append("</option>");
            }
            out.append("</select></label><button type=\"submit\">Show</button></form>");
        }
        out.append("<p class=\"muted\">Verdicts from ").append(Html.text(source)).append(". Rates are k/n over valid rollouts with exact 95% ")
                .append("intervals; in the bars A is the upper line, B the lower.</p>");
        if (!onlyOne.isEmpty()) out.append("<p class=\"notice\">Not compared (counted by one run only): ").append(Html.text(String.join(", ", onlyOne))).append("</p>");
        if (shared.isEmpty()) out.append("<p class=\"notice\">The two runs count no behaviour in common.</p>");
        out.append(differences(tableA, tableB, source, allowStopped));
        // One model each, and not the same: a cell of A has no twin of the same model in B, so pair by condition
        // (as mirage compare RUN_A RUN_B does).
        List<String> mA = runA.spec().models(), mB = runB.spec().models();
        boolean byCondition = mA.size() == 1 && mB.size() == 1 && !mA.equals(mB);
        String modelA = mA.getFirst(), modelB = mB.getFirst();
        String modelsShown = "A " + modelA + " / B " + modelB;
        if (byCondition) {
            out.append("<p class=\"notice pairing\">Each run has one model (A: ").append(Html.text(modelA)).append("; B: ")
                    .append(Html.text(modelB)).append("), so the cells below are paired by condition: each row is A's model against B's.</p>");
        }

        for (RunSpec.BehaviourRef behaviour : shared) {
            out.append("<h2>").append(Html.text(behaviour.title())).append(" <span class=\"muted\">(").append(Html.text(behaviour.id()))
                    .append(")</span></h2><table class=\"compare\"><thead><tr><th>Model</th><th>Condition</th><th>A rate [95% CI]</th>")
                    .append("<th class=\"num\">A n</th><th>B rate [95% CI]</th><th class=\"num\">B n</th><th>Intervals</th></tr></thead><tbody>");
            Set<List<String>> rows = new LinkedHashSet<>();
            for (RunSummary run : List.of(runA, runB)) {
                for (String model : run.spec().models()) {
                    for (String condition : run.spec().conditions()) rows.add(List.of(byCondition ? modelsShown : model, condition));
                }
            }
            for (List<String> row : rows) {
                String condition = row.get(1);
                CellResult ca = cellsA.get(new Key(byCondition ? modelA : row.get(0), condition, behaviour.id()));
                CellResult cb = cellsB.get(new Key(byCondition ? modelB : row.get(0), condition, behaviour.id()));
                out.append("<tr data-model=\"").append(Html.attr(row.get(0))).append("\" data-condition=\"").append(Html.attr(condition))
                        .append("\" data-a-n=\"").append(ca == null ? "" : ca.n()).append("\" data-b-n=\"").append(cb == null ? "" : cb.n())
                        .append("\"><td>").append(Html.text(row.get(0))).append("</td><td>").append(Html.text(condition)).append("</td><td>")
                        .append(Format.rate(ca)).append("</td><td class=\"num\">").append(ca == null ? "–" : ca.n()).append("</td><td>")
                        .append(Format.rate(cb)).append("</td><td class=\"num\">").append(cb == null ? "–" : cb.n()).append("</td><td>")
                        .append(bars(ca, cb)).append("</td></tr>");
            }
            out.append("</tbody></table>");
        }
        return new Page("Compare " + a + " and " + b, out.toString());
    }

    /** The family {@code mirage compare A B --source SOURCE [--allow-stopped]} prints, as a table. */
    static String differences(ResultTable a, ResultTable b, String source, boolean allowStopped) {
        StringBuilder out = new StringBuilder("<h2 id=\"differences\">Differences B − A</h2>");
        ComparisonFamily family;
        try {
            family = Comparisons.ofRuns(a, b, allowStopped, ALPHA);
        } catch (IllegalArgumentException e) {
            return out.append("<p class=\"notice\">Not tested: ").append(Html.text(e.getMessage())).append(".</p>").toString();
        }
        String a0 = a.spec().id(), b0 = b.spec().id();
        for (String w : family.warnings()) {
            out.append("<p class=\"notice warning\">").append(Html.text(w));
            String toggle = Links.compare(a0, b0, source, !allowStopped) + "#differences";
            out.append(" <a href=\"").append(Html.attr(toggle)).append("\">").append(allowStopped ? "Leave them out" : "Include them")
                    .append("</a></p>");
        }
        if (family.rows().isEmpty()) return out.append("<p>Nothing to test: no pair of cells has valid rollouts in both runs.</p>").toString();
        boolean anyStopped = family.rows().stream().anyMatch(Comparison::stopped);
        out.append("<table class=\"differences\"><thead><tr><th>Behaviour</th><th>Model</th><th>Condition</th><th class=\"num\">A k/n</th>")
                .append("<th class=\"num\">B k/n</th><th class=\"num\">B − A</th><th>").append(Html.text(family.scale().label()))
                .append(", ").append(Html.text(ComparisonText.percent(1 - family.level()))).append(" CI</th><th class=\"num\">p</th>")
                .append("<th class=\"num\">p × K</th><th></th>").append(anyStopped ? "<th></th>" : "").append("</tr></thead><tbody>");
        for (Comparison c : family.rows()) {
            String flag = c.significant() ? "significant" : c.testable() ? "" : "untestable";
            out.append("<tr data-flag=\"").append(flag).append("\"><td>").append(Html.text(c.behaviour())).append("</td><td>")
                    .append(Html.text(c.model().isEmpty() ? c.a().describe() + " / " + c.b().describe() : c.model())).append("</td><td>")
                    .append(Html.text(c.condition())).append("</td><td class=\"num\">").append(c.kA()).append('/').append(c.nA())
                    .append("</td><td class=\"num\">").append(c.kB()).append('/').append(c.nB()).append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%+.3f", c.difference())).append("</td><td>")
                    .append(Html.text(ComparisonText.interval(c, family.scale()))).append("</td><td class=\"num\">")
                    .append(Html.text(ComparisonText.number(c.p(), Double.NaN))).append("</td><td class=\"num\">")
                    .append(Html.text(c.testable() ? ComparisonText.number(c.adjustedP(), family.alpha()) : "–")).append("</td><td>")
                    .append(c.significant() ? "<strong>significant</strong>" : flag).append("</td>")
                    .append(anyStopped ? "<td>" + (c.stopped() ? "stopped" : "") + "</td>" : "").append("</tr>");
        }
        out.append("</tbody></table>");
        for (String line : ComparisonText.footer(family, family.rows())) out.append("<p class=\"muted\">").append(Html.text(line)).append("</p>");
        return out.toString();
    }

    private static Map<Key, CellResult> cells(ResultTable table) {
        Map<Key, CellResult> map = new HashMap<>();
        for (CellResult c : table.cells()) map.put(new Key(c.model(), c.conditionId(), c.behaviour()), c);
        return map;
    }

    /** Both intervals on a 0–100% axis: a line for the interval and a dot at the rate. */
    static String bars(CellResult a, CellResult b) {
        StringBuilder s = new StringBuilder("<svg width=\"160\" height=\"22\" viewBox=\"0 0 160 22\" role=\"img\" aria-label=\"intervals\">")
                .append("<line x1=\"0\" y1=\"21\" x2=\"160\" y2=\"21\" class=\"axis\" stroke=\"currentColor\" stroke-opacity=\"0.3\"/>");
        s.append(bar(a, 6, "#0b5cad")).append(bar(b, 15, "#b45309"));
        return s.append("</svg>").toString();
    }

    private static String bar(CellResult c, int y, String colour) {
        if (c == null || c.n() == 0) return "";
        Interval i = c.interval();
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                        + "<circle cx=\"%.1f\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>",
                160 * i.lower(), y, 160 * i.upper(), y, colour, 160 * c.rate(), y, colour);
    }
}
