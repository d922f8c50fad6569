package io.mirage.report.html;

import io.mirage.detect.Judgement;
import io.mirage.detect.Verdict;
import io.mirage.run.FinishedRollout;
import io.mirage.run.RunSpec;
import io.mirage.run.RunSummary;
import io.mirage.scenario.Canary;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.mirage.report.html.Html.text;

/** The run's plan and settings: scenario and pack hash, models with their parameters, judges, seed, cost, canary. */
final class PlanSection {
    private PlanSection() {}

    static String html(ReportData data) {
        RunSummary run = data.run();
        RunSpec spec = run.spec();
        StringBuilder sb = new StringBuilder("<section id=\"plan\"><h2>Plan and settings</h2><dl class=\"plan\">");
        dt(sb, "run", "<code id=\"run-id\">" + text(run.id()) + "</code>");
        dt(sb, "created", text(String.valueOf(run.createdAt())));
        dt(sb, "scenario", text(spec.scenario()) + " · pack hash <code id=\"pack-hash\">" + text(spec.packHash()) + "</code>");
        dt(sb, "grid", spec.conditions().size() + " conditions × " + spec.models().size() + " models × " + spec.samples()
                + " samples = " + spec.total() + " rollouts planned");
        dt(sb, "seed", "<span id=\"seed\">" + spec.seed() + "</span>");
        dt(sb, "turn limit · tools", spec.maxTurns() + " model turns · " + text(spec.toolProtocol()) + " tool calling");
        dt(sb, "progress", "<span id=\"progress\" data-completed=\"" + run.completed() + "\" data-turn-limit=\"" + run.turnLimit()
                + "\" data-errors=\"" + run.errors() + "\" data-not-run=\"" + run.pending() + "\" data-skipped=\"" + run.skipped() + "\">"
                + run.completed() + " completed, " + run.turnLimit() + " hit the turn limit, " + run.errors() + " errors, "
                + run.pending() + " not run" + (run.skipped() > 0 ? ", " + run.skipped() + " skipped by early stopping" : "")
                + "; " + run.retries() + " model-call retries</span>");
        dt(sb, "cost", "<span id=\"cost\">" + (run.costUsd() == null ? "unpriced (no prices in the models file)"
                : String.format(Locale.ROOT, "$%.4f", run.costUsd())) + "</span>");
        dt(sb, "verdict sources", text(String.join(", ", data.sources())));
        dt(sb, "judges", data.judges().isEmpty() ? "none: rates come from the detectors alone" : "<span id=\"judges\">"
                + text(String.join(", ", data.judges())) + "</span>");
        dt(sb, "canary", "<code id=\"canary\">" + Canary.GUID + "</code> (Mirage evaluation data: keep out of training corpora)");
        sb.append("</dl>");

        sb.append("<h3>Models</h3><div class=\"scroll\"><table id=\"models\"><thead><tr><th>model</th><th>settings</th>")
                .append("<th>request parameters sent (from a stored rollout)</th></tr></thead><tbody>");
        for (String model : spec.models()) {
            Map<String, String> settings = spec.modelSettings().getOrDefault(model, Map.of());
            sb.append("<tr data-model=\"").append(Html.attr(model)).append("\"><td>").append(text(model)).append("</td><td>")
                    .append(settings.isEmpty() ? "defaults" : text(new TreeMap<>(settings).toString())).append("</td><td>")
                    .append(text(sentParameters(data, model))).append("</td></tr>");
        }
        sb.append("</tbody></table></div>");

        Map<String, Judgement> judgements = judgements(data);
        if (!judgements.isEmpty()) {
            sb.append("<h3>Judges</h3><table id=\"judge-settings\"><thead><tr><th>source</th><th>judge model</th><th>rubric (SHA-256)</th>")
                    .append("<th>parameters</th></tr></thead><tbody>");
            judgements.forEach((source, j) -> sb.append("<tr><td>").append(text(source)).append("</td><td>").append(text(j.judgeModel()))
                    .append("</td><td><code>").append(text(j.rubricHash())).append("</code></td><td>")
                    .append(j.parameters().isEmpty() ? "defaults" : text(new TreeMap<>(j.parameters()).toString())).append("</td></tr>"));
            sb.append("</tbody></table>");
        }

        sb.append("<h3>Behaviours</h3><table id=\"behaviours\"><thead><tr><th>id</th><th>title</th><th>kind</th></tr></thead><tbody>");
        for (RunSpec.BehaviourRef b : spec.behaviours()) {
            sb.append("<tr><td><code>").append(text(b.id())).append("</code></td><td>").append(text(b.title())).append("</td><td>")
                    .append(b.harmful() ? "harmful" : "not harmful (e.g. an ethical alternative)").append("</td></tr>");
        }
        sb.append("</tbody></table>");

        Factors factors = Factors.of(spec.conditions());
        if (!factors.levels().isEmpty()) {
            sb.append("<h3>Factors</h3><table id=\"factors-levels\"><thead><tr><th>factor</th><th>levels in this run</th></tr></thead><tbody>");
            factors.levels().forEach((f, levels) -> sb.append("<tr><td>").append(text(f)).append("</td><td>")
                    .append(text(String.join(", ", levels))).append("</td></tr>"));
            sb.append("</tbody></table>");
        }
        return sb.append("</section>").toString();
    }

    private static void dt(StringBuilder sb, String term, String html) {
        sb.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>");
    }

    private static String sentParameters(ReportData data, String model) {
        for (FinishedRollout f : data.transcripts().values()) {
            if (f.plan().model().equals(model)) return f.parameters().isEmpty() ? "provider defaults" : new TreeMap<>(f.parameters()).toString();
        }
        return "(no stored rollout of this model in this report)";
    }

    /** The first judgement seen for each judge source, for its model, rubric hash and parameters. */
    private static Map<String, Judgement> judgements(ReportData data) {
        Map<String, Judgement> out = new LinkedHashMap<>();
        for (String source : data.sources()) {
            for (FinishedRollout f : data.transcripts().values()) {
                Judgement j = f.verdicts().stream().filter(v -> v.source().equals(source) && v.judgement() != null)
                        .map(Verdict::judgement).findFirst().orElse(null);
                if (j != null) {
                    out.put(source, j);
                    break;
                }
            }
        }
        return out;
    }
}
