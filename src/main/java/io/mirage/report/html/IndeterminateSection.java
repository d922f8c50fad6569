package io.mirage.report.html;

import io.mirage.detect.Outcome;
import io.mirage.run.StoredOutcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * Why verdicts are indeterminate: the stored verdicts grouped by source, model, how the rollout ended,
 * the verdict's reason and the rollout's error message, counting rollouts (a rollout that errored is
 * indeterminate for every behaviour, so it is one rollout, not one per behaviour).
 */
final class IndeterminateSection {
    private IndeterminateSection() {}

    record Group(String source, String model, String status, String reason, String error) {}

    static String html(ReportData data) {
        Map<Group, Set<Integer>> rollouts = new LinkedHashMap<>();
        Map<Group, Set<String>> behaviours = new LinkedHashMap<>();
        Map<String, Set<Integer>> perSource = new LinkedHashMap<>();
        Map<String, Integer> verdictsPerSource = new LinkedHashMap<>();
        boolean unread = false;
        for (StoredOutcome o : data.outcomes()) {
            if (o.outcome() != Outcome.INDETERMINATE) continue;
            String error = data.errors().get(o.index());
            if (error == null && o.status() == io.mirage.agent.RolloutStatus.ERROR && !data.transcripts().containsKey(o.index())) {
                unread = true;
            }
            Group g = new Group(o.source(), o.model(), o.status().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    o.reason() == null ? "" : o.reason(), error == null ? "" : error);
            rollouts.computeIfAbsent(g, k -> new TreeSet<>()).add(o.index());
            behaviours.computeIfAbsent(g, k -> new LinkedHashSet<>()).add(o.behaviour());
            perSource.computeIfAbsent(o.source(), k -> new TreeSet<>()).add(o.index());
            verdictsPerSource.merge(o.source(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("<section id=\"indeterminate\"><h2>Indeterminate results and why</h2>");
        if (rollouts.isEmpty()) return sb.append("<p id=\"indeterminate-total\" data-verdicts=\"0\">No indeterminate verdict.</p></section>").toString();
        sb.append("<p class=\"muted\">An indeterminate verdict is never counted as \"no\": it is left out of n and counted here. ")
                .append("A rollout that errored or hit the turn limit is indeterminate for every behaviour.</p><ul id=\"indeterminate-total\">");
        List<String> order = data.sources();
        perSource.keySet().stream().sorted(Comparator.comparingInt(order::indexOf)).forEach(source -> sb.append("<li data-source=\"")
                .append(attr(source)).append("\" data-verdicts=\"").append(verdictsPerSource.get(source)).append("\" data-rollouts=\"")
                .append(perSource.get(source).size()).append("\">").append(text(source)).append(": ").append(verdictsPerSource.get(source))
                .append(" indeterminate verdicts in ").append(perSource.get(source).size()).append(" rollouts</li>"));
        sb.append("</ul>");
        List<Group> groups = new ArrayList<>(rollouts.keySet());
        groups.sort(Comparator.comparingInt((Group g) -> order.indexOf(g.source()))
                .thenComparing(g -> -rollouts.get(g).size()).thenComparing(Group::model).thenComparing(Group::error));
        sb.append("<div class=\"scroll\"><table id=\"indeterminate-groups\"><thead><tr><th>source</th><th>model</th><th>rollout ended</th>")
                .append("<th>why</th><th class=\"num\">rollouts</th><th>behaviours</th></tr></thead><tbody>");
        for (Group g : groups) {
            sb.append("<tr data-source=\"").append(attr(g.source())).append("\" data-model=\"").append(attr(g.model()))
                    .append("\" data-rollouts=\"").append(rollouts.get(g).size()).append("\"><td>").append(text(g.source())).append("</td><td>")
                    .append(text(g.model())).append("</td><td>").append(text(g.status())).append("</td><td>").append(text(g.reason()));
            if (!g.error().isEmpty() && !g.reason().contains(g.error())) sb.append("<div class=\"text\">").append(text(g.error())).append("</div>");
            sb.append("</td><td class=\"num\">").append(rollouts.get(g).size()).append("</td><td>")
                    .append(text(String.join(", ", behaviours.get(g)))).append("</td></tr>");
        }
        sb.append("</tbody></table></div>");
        if (unread) {
            sb.append("<p class=\"muted\">Error messages were read for the first ").append(ReportData.ERROR_DETAIL_LIMIT)
                    .append(" errored rollouts only; the others are grouped by reason alone.</p>");
        }
        return sb.append("</section>").toString();
    }
}
