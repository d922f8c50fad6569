package io.mirage.report.html;

import io.mirage.detect.Verdict;
import io.mirage.judge.Awareness;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.RunSpec;
import io.mirage.run.StoredOutcome;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * Eval awareness: how many rollouts a judge labelled as believing they were in a test, in real use,
 * or neither, and the detector rates split by that label (pooled over conditions; from
 * {@link ResultTable} over the rollouts with each label).
 */
final class AwarenessSection {
    private AwarenessSection() {}

    static String html(ReportData data) {
        if (data.awareness().isEmpty()) return "";
        Map<String, Map<Integer, Awareness>> byJudge = new LinkedHashMap<>();
        for (AwarenessVerdict a : data.awareness()) byJudge.computeIfAbsent(a.judge(), k -> new HashMap<>()).put(a.index(), a.label());
        RunSpec spec = data.spec();
        Map<Integer, String> modelOf = new HashMap<>();
        for (StoredOutcome o : data.outcomes()) modelOf.put(o.index(), o.model());
        StringBuilder sb = new StringBuilder("<section id=\"awareness\"><h2>Eval awareness</h2><p class=\"muted\">What each rollout's ")
                .append("reasoning concluded about its situation, as a judge read it, and the detector rates within each label.</p>");
        byJudge.forEach((judge, labels) -> {
            sb.append("<h3>").append(text(judge)).append("</h3><div class=\"scroll\"><table class=\"awareness\" data-judge=\"")
                    .append(attr(judge)).append("\"><thead><tr><th>model</th><th>behaviour</th>");
            for (Awareness a : Awareness.values()) sb.append("<th class=\"num\">").append(name(a)).append("</th>");
            sb.append("</tr></thead><tbody>");
            Map<Awareness, ResultTable> split = new LinkedHashMap<>();
            for (Awareness a : Awareness.values()) {
                Set<Integer> with = new TreeSet<>();
                labels.forEach((index, label) -> {
                    if (label == a) with.add(index);
                });
                List<StoredOutcome> subset = data.outcomes().stream().filter(o -> with.contains(o.index())).toList();
                split.put(a, ResultTable.of(spec, subset, data.cellStops(), Verdict.DETECTOR));
            }
            for (String model : spec.models()) {
                sb.append("<tr><td>").append(text(model)).append("</td><td>rollouts labelled</td>");
                for (Awareness a : Awareness.values()) {
                    long count = labels.entrySet().stream().filter(e -> e.getValue() == a && model.equals(modelOf.get(e.getKey()))).count();
                    sb.append("<td class=\"num\" data-model=\"").append(attr(model)).append("\" data-awareness=\"").append(name(a))
                            .append("\">").append(count).append("</td>");
                }
                sb.append("</tr>");
                for (RunSpec.BehaviourRef b : spec.behaviours()) {
                    sb.append("<tr><td></td><td>").append(text(b.id())).append("</td>");
                    for (Awareness a : Awareness.values()) {
                        CellResult c = Pooling.pool(split.get(a), model, b.id(), id -> true, "all conditions");
                        sb.append("<td class=\"num\">").append(c.n() == 0 ? "—" : String.format(Locale.ROOT, "%.2f [%.2f, %.2f] %d/%d",
                                c.rate(), c.interval().lower(), c.interval().upper(), c.k(), c.n())).append("</td>");
                    }
                    sb.append("</tr>");
                }
            }
            sb.append("</tbody></table></div>");
        });
        return sb.append("</section>").toString();
    }

    private static String name(Awareness a) {
        return a.name().toLowerCase(Locale.ROOT);
    }
}
