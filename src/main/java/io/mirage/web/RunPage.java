package io.mirage.web;

import io.mirage.report.html.Html;
import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.CellStop;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.StoredOutcome;
import io.mirage.scenario.Canary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run: its plan and settings, then per behaviour the rate with its interval, n, k and the
 * indeterminate count for every model × condition, each linked to the transcripts behind it.
 */
final class RunPage {
    private RunPage() {}

    static Page render(RunStore store, String runId, Map<String, String> query) {
        RunSummary run = store.run(runId).orElseThrow(() -> new NotFound("no run '" + runId + "' in this store"));
        List<StoredOutcome> outcomes = store.outcomes(runId);
        List<String> sources = sources(outcomes);
        String source = query.getOrDefault("source", Verdict.DETECTOR);
        if (!sources.contains(source)) source = Verdict.DETECTOR;
        List<CellStop> stops = store.cellStops(runId);
        ResultTable table = ResultTable.of(run.spec(), outcomes, stops, source);
        RunSpec spec = run.spec();

        StringBuilder b = new StringBuilder("<h1>Run ").append(Html.text(run.id())).append("</h1>");
        b.append("<p><a href=\"").append(Html.attr(Links.report(runId))).append("\">Full report</a> · <a href=\"")
                .append(Html.attr(Links.transcripts(Map.of("run", runId)))).append("\">Transcripts</a> · <a href=\"")
                .append(Html.attr(Links.agreement(runId))).append("\">Human labels and agreement</a></p>");
        if (spec.models().stream().anyMatch(m -> m.startsWith("scripted/"))) {
            b.append("<p class=\"notice\">scripted/* models are test doubles: their rates say nothing about any real model.</p>");
        }
        b.append(settings(run));
        b.append("<h2>Rates by behaviour</h2>").append(sourcePicker(runId, sources, source));
        b.append("<p class=\"muted\">Rate = k/n over valid rollouts with its exact 95% (Clopper–Pearson) interval; indeterminate rollouts ")
                .append("(errors, turn limit) are counted apart, never as no. Bounds: the lowest and highest rate any outcome of the ")
                .append("indeterminate rollouts allows, counting as yes the acts seen before they ended.")
                .append(table.anyStopped() ? " Cells marked stopped ended early: their intervals are anytime-valid 95% (a confidence "
                        + "sequence), valid under the stopping rule, and include the rollouts in flight at the decision." : "")
                .append("</p>");
        for (RunSpec.BehaviourRef behaviour : spec.behaviours()) {
            b.append("<h3>").append(Html.text(behaviour.title())).append(" <span class=\"muted\">(").append(Html.text(behaviour.id()))
                    .append(behaviour.harmful() ? ", harmful" : "").append(")</span></h3>");
            b.append("<table><thead><tr><th>Model</th><th>Condition</th><th>Rate [95% CI]</th><th class=\"num\">k</th>")
                    .append("<th class=\"num\">n</th><th class=\"num\">Indeterminate</th><th class=\"num\">Acts seen</th><th>Bounds</th>")
                    .append("<th class=\"num\">Not run</th></tr></thead><tbody>");
            for (CellResult c : table.cells()) {
                if (!c.behaviour().equals(behaviour.id())) continue;
                Map<String, String> cell = new LinkedHashMap<>();
                cell.put("run", runId);
                cell.put("model", c.model());
                cell.put("condition", c.conditionId());
                cell.put("behaviour", c.behaviour());
                cell.put("source", source.equals(Verdict.DETECTOR) ? "" : source);
                b.append("<tr data-model=\"").append(Html.attr(c.model())).append("\" data-condition=\"").append(Html.attr(c.conditionId()))
                        .append("\" data-behaviour=\"").append(Html.attr(c.behaviour())).append("\" data-k=\"").append(c.k())
                        .append("\" data-n=\"").append(c.n()).append("\">")
                        .append("<td>").append(Html.text(c.model())).append("</td>")
                        .append("<td>").append(Html.text(c.conditionId())).append("</td>")
                        .append("<td>").append(Format.rate(c)).append("</td>")
                        .append("<td class=\"num\">").append(link(cell, "yes", c.k())).append("</td>")
                        .append("<td class=\"num\">").append(link(cell, "", c.n())).append("</td>")
                        .append("<td class=\"num\">").append(link(cell, "indeterminate", c.indeterminate())).append("</td>")
                        .append("<td class=\"num\">").append(c.observed()).append("</td>")
                        .append("<td>").append(c.bounds() == null ? "–" : "[" + Format.percent(c.bounds().lower()) + ", "
                                + Format.percent(c.bounds().upper()) + "]").append("</td>")
                        .append("<td class=\"num\">").append(c.pending()).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        if (!stops.isEmpty()) {
            b.append("<h2>Cells stopped early</h2><table><thead><tr><th>Model</th><th>Condition</th><th>Decision</th>")
                    .append("<th class=\"num\">Samples</th><th>Why</th></tr></thead><tbody>");
            for (CellStop s : stops) {
                b.append("<tr><td>").append(Html.text(s.model())).append("</td><td>").append(Html.text(s.conditionId())).append("</td><td>")
                        .append(Html.text(s.decision())).append("</td><td class=\"num\">").append(s.samples()).append("</td><td>")
                        .append(Html.text(s.reason())).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        return new Page("Run " + run.id(), b.toString());
    }

    private static String link(Map<String, String> cell, String verdict, int count) {
        if (count == 0) return "0";
        Map<String, String> q = new LinkedHashMap<>(cell);
        q.put("verdict", verdict);
        return "<a href=\"" + Html.attr(Links.transcripts(q)) + "\">" + count + "</a>";
    }

    static String settings(RunSummary run) {
        RunSpec spec = run.spec();
        StringBuilder b = new StringBuilder("<h2>Plan and settings</h2><table><tbody>");
        row(b, "Scenario", spec.scenario() + " (pack " + spec.packHash() + ")");
        row(b, "Conditions", spec.conditions().size() + "");
        row(b, "Samples per cell", spec.samples() + "");
        row(b, "Seed", spec.seed() + "");
        row(b, "Turn limit", spec.maxTurns() + "");
        row(b, "Tool protocol", spec.toolProtocol());
        row(b, "Created", run.createdAt().toString());
        row(b, "Rollouts", run.planned() + " planned: " + run.completed() + " completed, " + run.turnLimit() + " turn limit, "
                + run.errors() + " errors, " + run.pending() + " not run, " + run.skipped() + " skipped; " + run.retries() + " retries");
        row(b, "Cost", Format.cost(run.costUsd()));
        row(b, "Canary", Canary.GUID);
        b.append("</tbody></table><h3>Models</h3><table><thead><tr><th>Model</th><th>Settings</th></tr></thead><tbody>");
        for (String model : spec.models()) {
            Map<String, String> settings = spec.modelSettings().getOrDefault(model, Map.of());
            b.append("<tr><td>").append(Html.text(model)).append("</td><td>")
                    .append(Html.text(settings.isEmpty() ? "defaults" : new java.util.TreeMap<>(settings).toString())).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("<tr><th>").append(Html.text(key)).append("</th><td>").append(Html.text(value)).append("</td></tr>");
    }

    static String sourcePicker(String runId, List<String> sources, String chosen) {
        if (sources.size() < 2) return "<p class=\"muted\">Verdicts from: " + Html.text(chosen) + "</p>";
        StringBuilder f = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"").append(Html.attr(Links.run(runId)))
                .append("\"><label>Verdicts from<select name=\"source\">");
        for (String s : sources) {
            f.append("<option value=\"").append(Html.attr(s)).append("\"").append(s.equals(chosen) ? " selected" : "").append(">")
                    .append(Html.text(s)).append("</option>");
        }
        return f.append("</select></label><button type=\"submit\">Show</button></form>").toString();
    }

    /** The verdict sources present: the detector, then judges, then combined verdicts, as the report orders them. */
    static List<String> sources(List<StoredOutcome> outcomes) {
        Set<String> all = new TreeSet<>();
        outcomes.forEach(o -> all.add(o.source()));
        all.add(Verdict.DETECTOR);
        return all.stream().sorted(java.util.Comparator.comparingInt(RunPage::rank).thenComparing(s -> s)).toList();
    }

    private static int rank(String source) {
        if (source.equals(Verdict.DETECTOR)) return 0;
        if (source.startsWith(Verdict.JUDGE_PREFIX)) return 1;
        if (source.startsWith(Verdict.COMBINED_PREFIX)) return 2;
        return 3;
    }
}
