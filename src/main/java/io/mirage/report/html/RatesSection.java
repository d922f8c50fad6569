package io.mirage.report.html;

import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.report.TableFormat;
import io.mirage.run.RunSpec;
import io.mirage.scenario.Condition;

import java.util.List;
import java.util.Locale;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * One section per verdict source (detector first, then each judge, then detector-AND-judge): an
 * interval chart per behaviour and the exact numbers in a table, all from that source's
 * {@link ResultTable}.
 */
final class RatesSection {
    private RatesSection() {}

    static String html(ReportData data) {
        StringBuilder sb = new StringBuilder();
        List<String> sources = data.sources();
        for (int s = 0; s < sources.size(); s++) {
            String source = sources.get(s);
            ResultTable table = data.tables().get(source);
            sb.append("<section id=\"rates-").append(s).append("\" class=\"rates\" data-source=\"").append(attr(source)).append("\">");
            sb.append("<h2>Rates — ").append(text(title(source))).append("</h2>");
            sb.append("<p class=\"muted\">").append(text(TableFormat.DENOMINATOR_NOTE))
                    .append(" A dot is the rate k/n, a bar its interval, a faint band its bounds; click a row to list its transcripts.</p>");
            if (table.anyStopped()) {
                sb.append("<p class=\"stopped-note\">").append(text(TableFormat.STOPPED_NOTE))
                        .append(" Their bars are dashed.</p>");
            }
            if (table.cells().stream().anyMatch(c -> c.indeterminate() > 0)) {
                sb.append("<p class=\"muted\">").append(text(TableFormat.BOUNDS_NOTE)).append("</p>");
            }
            sb.append(Legend.html(table.spec().models()));
            for (int b = 0; b < table.spec().behaviours().size(); b++) {
                RunSpec.BehaviourRef behaviour = table.spec().behaviours().get(b);
                sb.append("<figure class=\"intervals\" id=\"chart-").append(s).append('-').append(Html.idPart(behaviour.id()))
                        .append("\"><figcaption>").append(text(behaviour.title())).append(" <code>").append(text(behaviour.id()))
                        .append("</code>").append(behaviour.isContext() ? " — what the world did (a reply that arrived), not an act of the agent"
                                : behaviour.harmful() ? "" : " — not harmful").append(commonLevels(table))
                        .append("</figcaption>")
                        .append(IntervalChart.svg(table, s, b)).append("</figure>");
            }
            numbers(sb, table, s);
            sb.append("</section>");
        }
        return sb.toString();
    }

    /** The levels every row shares, said once beside a chart or table whose rows show only what differs. */
    static String commonLevels(ResultTable table) {
        String caption = Factors.of(table.spec().conditions()).caption();
        return caption.isEmpty() ? "" : " <span class=\"common-levels\">" + text(caption) + "</span>";
    }

    static String title(String source) {
        if (source.equals(Verdict.DETECTOR)) return "detector verdicts (what the agent did, from the world's events)";
        if (source.startsWith(Verdict.JUDGE_PREFIX)) return "judge " + source.substring(Verdict.JUDGE_PREFIX.length()) + " (an LLM reading the transcript)";
        if (source.startsWith(Verdict.COMBINED_PREFIX)) {
            return "detector AND judge " + source.substring(Verdict.COMBINED_PREFIX.length()) + " (yes only when both say yes)";
        }
        return source;
    }

    /** The source's name in selectors. */
    static String shortTitle(String source) {
        if (source.equals(Verdict.DETECTOR)) return "detector";
        if (source.startsWith(Verdict.JUDGE_PREFIX)) return "judge " + source.substring(Verdict.JUDGE_PREFIX.length());
        if (source.startsWith(Verdict.COMBINED_PREFIX)) return "detector AND judge " + source.substring(Verdict.COMBINED_PREFIX.length());
        return source;
    }

    private static void numbers(StringBuilder sb, ResultTable table, int s) {
        List<RunSpec.BehaviourRef> behaviours = table.spec().behaviours();
        Factors factors = Factors.of(table.spec().conditions());
        sb.append("<details class=\"numbers\"><summary>The numbers (").append(text(table.source())).append(")")
                .append(commonLevels(table)).append("</summary><div class=\"scroll\">")
                .append("<table class=\"numbers\" id=\"numbers-").append(s).append("\"><thead><tr><th>model</th><th>condition</th>");
        for (RunSpec.BehaviourRef b : behaviours) sb.append("<th>").append(text(b.id())).append(": rate [95% CI] k/n</th>");
        for (RunSpec.BehaviourRef b : behaviours) sb.append("<th>").append(text(b.id())).append(": bounds, acts seen</th>");
        sb.append("<th class=\"num\">indeterminate</th><th class=\"num\">not run</th><th>early stopping</th></tr></thead><tbody>");
        int n = behaviours.size();
        List<CellResult> cells = table.cells();
        for (int start = 0; start + n <= cells.size(); start += n) {
            CellResult first = cells.get(start);
            sb.append("<tr><td>").append(text(first.model())).append("</td><td>").append(text(factors.label(first.conditionId()))).append("</td>");
            for (int i = 0; i < n; i++) {
                CellResult c = cells.get(start + i);
                sb.append("<td class=\"num\" data-table-cell=\"").append(attr(c.model() + "|" + c.conditionId() + "|" + c.behaviour()))
                        .append("\" data-k=\"").append(c.k()).append("\" data-n=\"").append(c.n()).append("\">")
                        .append(c.n() == 0 ? "— (n=0)" : String.format(Locale.ROOT, "%.2f [%.2f, %.2f] %d/%d", c.rate(),
                                c.interval().lower(), c.interval().upper(), c.k(), c.n())).append("</td>");
            }
            for (int i = 0; i < n; i++) {
                CellResult c = cells.get(start + i);
                sb.append("<td class=\"num\" data-bounds-cell=\"").append(attr(c.model() + "|" + c.conditionId() + "|" + c.behaviour()))
                        .append("\">").append(c.bounds() == null ? "—" : String.format(Locale.ROOT, "[%.2f, %.2f] %d seen",
                                c.bounds().lower(), c.bounds().upper(), c.observed())).append("</td>");
            }
            int indeterminate = cells.subList(start, start + n).stream().mapToInt(CellResult::indeterminate).max().orElse(0);
            sb.append("<td class=\"num\">").append(indeterminate).append("</td><td class=\"num\">").append(first.pending())
                    .append("</td><td").append(first.isStopped() ? " class=\"stopped\">" + text(first.stopped().label()) : ">").append("</td></tr>");
        }
        sb.append("</tbody></table></div></details>");
    }
}
