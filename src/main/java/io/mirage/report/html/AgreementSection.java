package io.mirage.report.html;

import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.report.Agreement;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.StoredOutcome;
import io.mirage.stats.ConfusionMatrix;
import io.mirage.stats.KappaEstimate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * How far verdict sources agree, from {@link Agreement}: the detector with each judge, and human
 * labels with every source (a label of "unsure", like an indeterminate verdict, is counted apart as
 * undecided). Shown when a run has judges or labels.
 */
final class AgreementSection {
    static final String HUMAN = "human";

    private AgreementSection() {}

    static String html(ReportData data) {
        List<String> judges = data.sources().stream().filter(s -> s.startsWith(Verdict.JUDGE_PREFIX)).toList();
        Map<Integer, Map<String, HumanLabel>> labels = data.labelsByRollout();
        if (judges.isEmpty() && labels.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("<section id=\"agreement\"><h2>Agreement between sources</h2>")
                .append("<p class=\"muted\">Over the rollouts both sources decided (yes or no); those either left indeterminate or ")
                .append("unsure are counted as undecided. ").append(text(Agreement.NOTE)).append("</p>");
        for (String judge : judges) table(sb, Agreement.between(data.outcomes(), Verdict.DETECTOR, judge), Verdict.DETECTOR, judge);
        if (!labels.isEmpty()) {
            Map<LabelValue, Integer> counts = new EnumMap<>(LabelValue.class);
            labels.values().forEach(m -> m.values().forEach(l -> counts.merge(l.value(), 1, Integer::sum)));
            sb.append("<h3 id=\"labels\">Human labels</h3><p id=\"label-count\">").append(labels.values().stream().mapToInt(Map::size).sum())
                    .append(" labels on ").append(labels.size()).append(" rollouts: ");
            List<String> parts = new ArrayList<>();
            for (LabelValue v : LabelValue.values()) parts.add(counts.getOrDefault(v, 0) + " " + v.name().toLowerCase(Locale.ROOT));
            sb.append(String.join(", ", parts)).append(".</p>");
            List<StoredOutcome> withHuman = new ArrayList<>(data.outcomes());
            Map<Integer, StoredOutcome> any = new java.util.HashMap<>();
            for (StoredOutcome o : data.outcomes()) any.putIfAbsent(o.index(), o);
            labels.forEach((index, byBehaviour) -> byBehaviour.values().forEach(l -> {
                StoredOutcome ref = any.get(index);
                if (ref == null) return;
                Outcome o = switch (l.value()) {
                    case YES -> Outcome.YES;
                    case NO -> Outcome.NO;
                    case UNSURE -> Outcome.INDETERMINATE;
                };
                withHuman.add(new StoredOutcome(index, ref.conditionId(), ref.model(), ref.status(), l.behaviour(), HUMAN, o, l.note(), false, ref.sample()));
            }));
            for (String source : data.sources()) table(sb, Agreement.between(withHuman, HUMAN, source), "human label", source);
        }
        return sb.append("</section>").toString();
    }

    private static void table(StringBuilder sb, List<Agreement> agreements, String a, String b) {
        sb.append("<h4>").append(text(a)).append(" (A) with ").append(text(b)).append(" (B)</h4>");
        if (agreements.isEmpty()) {
            sb.append("<p class=\"muted\">No rollout has verdicts from both.</p>");
            return;
        }
        sb.append("<div class=\"scroll\"><table class=\"agreement\" data-a=\"").append(attr(a)).append("\" data-b=\"").append(attr(b))
                .append("\"><thead><tr><th>behaviour</th><th class=\"num\">both yes</th><th class=\"num\">A only</th>")
                .append("<th class=\"num\">B only</th><th class=\"num\">both no</th><th class=\"num\">agreement</th>")
                .append("<th class=\"num\">kappa [95% CI]</th><th class=\"num\">PABAK [95% CI]</th><th class=\"num\">undecided</th>")
                .append("</tr></thead><tbody>");
        for (Agreement g : agreements) {
            ConfusionMatrix m = g.matrix();
            sb.append("<tr data-behaviour=\"").append(attr(g.behaviour())).append("\"><td>").append(text(g.behaviour())).append("</td>")
                    .append(num(m.yesYes())).append(num(m.yesNo())).append(num(m.noYes())).append(num(m.noNo()))
                    .append("<td class=\"num\">").append(m.total() == 0 ? "undefined" : Html.number(m.observedAgreement(), 3)).append("</td>")
                    .append(kappaCell(m)).append("<td class=\"num pabak\">").append(Agreement.pabakText(m)).append("</td>")
                    .append(num(g.undecided())).append("</tr>");
        }
        sb.append("</tbody></table></div>");
    }

    /** The kappa cell; where it has no interval, the reason is its tooltip. */
    static String kappaCell(ConfusionMatrix m) {
        KappaEstimate k = m.kappa(0.95);
        String title = k.interval() == null ? " title=\"" + attr(k.noInterval()) + "\"" : "";
        return "<td class=\"num kappa\"" + title + ">" + text(Agreement.kappaText(k)) + "</td>";
    }

    private static String num(int n) {
        return "<td class=\"num\">" + n + "</td>";
    }
}
