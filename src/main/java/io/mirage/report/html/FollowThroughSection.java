package io.mirage.report.html;

import io.mirage.report.CellResult;
import io.mirage.report.LivingResults;
import io.mirage.report.ResultTable;
import io.mirage.report.TableFormat;
import io.mirage.run.RunSpec;
import io.mirage.stats.Interval;

import java.util.List;
import java.util.Locale;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * Follow-through: per verdict source, what the world did (how often each stakeholder reply arrived), the follow-through
 * rates (an act's rate among the rollouts where the behaviour it follows happened), the time to act and the order of
 * acts, each as a table of the numbers {@link io.mirage.report.TableFormat} prints.
 */
final class FollowThroughSection {
    private FollowThroughSection() {}

    /** Whether the section has anything to show. */
    static boolean shown(ReportData data) {
        return data.spec().behaviours().stream().anyMatch(RunSpec.BehaviourRef::isContext)
                || data.living().values().stream().anyMatch(l -> !l.isEmpty());
    }

    static String html(ReportData data) {
        if (!shown(data)) return "";
        StringBuilder sb = new StringBuilder("<section id=\"follow-through\"><h2>Follow-through and time to act</h2>");
        Factors factors = Factors.of(data.spec().conditions());
        List<String> sources = data.sources();
        for (int s = 0; s < sources.size(); s++) {
            String source = sources.get(s);
            LivingResults living = data.living().getOrDefault(source, new LivingResults(source, List.of(), List.of(), List.of()));
            ResultTable table = data.tables().get(source);
            sb.append("<div class=\"follow-through\" data-source=\"").append(attr(source)).append("\"><h3>")
                    .append(text(RatesSection.title(source))).append("</h3>");
            world(sb, table, factors, s);
            followThroughs(sb, living, factors, s);
            times(sb, living, factors, s);
            orders(sb, living, factors, s);
            sb.append("</div>");
        }
        return sb.append("</section>").toString();
    }

    private static void world(StringBuilder sb, ResultTable table, Factors factors, int s) {
        List<RunSpec.BehaviourRef> context = table.spec().behaviours().stream().filter(RunSpec.BehaviourRef::isContext).toList();
        if (context.isEmpty()) return;
        sb.append("<h4>What the world did</h4><p class=\"muted\">").append(text(TableFormat.WORLD_NOTE)).append("</p>")
                .append("<div class=\"scroll\"><table class=\"numbers\" id=\"world-").append(s).append("\"><thead><tr><th>model</th><th>condition</th>");
        for (RunSpec.BehaviourRef b : context) sb.append("<th title=\"").append(attr(b.title())).append("\">").append(text(b.id())).append(": rate [95% CI] k/n</th>");
        sb.append("</tr></thead><tbody>");
        int n = table.spec().behaviours().size();
        for (int start = 0; start + n <= table.cells().size(); start += n) {
            CellResult first = table.cells().get(start);
            sb.append("<tr><td>").append(text(first.model())).append("</td><td>").append(text(factors.label(first.conditionId()))).append("</td>");
            for (RunSpec.BehaviourRef b : context) {
                CellResult c = table.cells().get(start + table.spec().behaviours().indexOf(b));
                sb.append("<td class=\"num\" data-world-cell=\"").append(attr(c.model() + "|" + c.conditionId() + "|" + c.behaviour()))
                        .append("\" data-k=\"").append(c.k()).append("\" data-n=\"").append(c.n()).append("\">").append(rate(c.k(), c.n(), c.interval()))
                        .append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table></div>");
    }

    private static void followThroughs(StringBuilder sb, LivingResults living, Factors factors, int s) {
        if (living.followThroughs().isEmpty()) return;
        sb.append("<h4>Follow-through rates</h4><p class=\"muted\">").append(text(TableFormat.FOLLOW_THROUGH_NOTE)).append("</p>")
                .append("<div class=\"scroll\"><table class=\"numbers\" id=\"follow-through-").append(s)
                .append("\"><thead><tr><th>model</th><th>condition</th><th>act</th><th>after</th><th>rate [95% CI] k/n</th>")
                .append("<th class=\"num\">indeterminate</th></tr></thead><tbody>");
        for (LivingResults.FollowThrough f : living.followThroughs()) {
            sb.append("<tr data-follow-through=\"").append(attr(f.model() + "|" + f.conditionId() + "|" + f.behaviour())).append("\" data-k=\"")
                    .append(f.k()).append("\" data-n=\"").append(f.n()).append("\"><td>").append(text(f.model())).append("</td><td>")
                    .append(text(factors.label(f.conditionId()))).append("</td><td><code>").append(text(f.behaviour())).append("</code></td><td><code>")
                    .append(text(f.after())).append("</code></td><td class=\"num\">")
                    .append(f.n() == 0 ? text("no rollout reached " + f.after()) : rate(f.k(), f.n(), f.interval()))
                    .append("</td><td class=\"num\">").append(f.indeterminate()).append("</td></tr>");
        }
        sb.append("</tbody></table></div>");
    }

    private static void times(StringBuilder sb, LivingResults living, Factors factors, int s) {
        if (living.timesToAct().isEmpty()) return;
        sb.append("<h4>Time to act</h4><p class=\"muted\">").append(text(TableFormat.TIME_TO_ACT_NOTE)).append("</p>")
                .append("<div class=\"scroll\"><table class=\"numbers\" id=\"time-to-act-").append(s)
                .append("\"><thead><tr><th>model</th><th>condition</th><th>act</th><th class=\"num\">rollouts</th><th class=\"num\">minute: median</th>")
                .append("<th class=\"num\">quartiles</th><th class=\"num\">range</th><th class=\"num\">turn: median</th></tr></thead><tbody>");
        for (LivingResults.TimeToAct t : living.timesToAct()) {
            sb.append("<tr data-time-to-act=\"").append(attr(t.model() + "|" + t.conditionId() + "|" + t.behaviour())).append("\"><td>")
                    .append(text(t.model())).append("</td><td>").append(text(factors.label(t.conditionId()))).append("</td><td><code>")
                    .append(text(t.behaviour())).append("</code></td><td class=\"num\">").append(t.happened()).append("</td>");
            if (t.timed()) {
                sb.append("<td class=\"num\">").append(minutes(t.medianMinute())).append("</td><td class=\"num\">").append(minutes(t.lowerQuartile()))
                        .append("–").append(minutes(t.upperQuartile())).append("</td><td class=\"num\">").append(t.minutes().getFirst()).append("–")
                        .append(t.minutes().getLast()).append("</td>");
            } else {
                sb.append("<td class=\"num\" colspan=\"3\">no virtual time</td>");
            }
            sb.append("<td class=\"num\">").append(t.turns().isEmpty() ? "—" : minutes(t.medianTurn())).append("</td></tr>");
        }
        sb.append("</tbody></table></div>");
    }

    private static void orders(StringBuilder sb, LivingResults living, Factors factors, int s) {
        if (living.orders().isEmpty()) return;
        sb.append("<h4>Order of acts</h4><p class=\"muted\">").append(text(TableFormat.ORDER_NOTE)).append("</p>")
                .append("<div class=\"scroll\"><table class=\"numbers\" id=\"order-of-acts-").append(s)
                .append("\"><thead><tr><th>model</th><th>condition</th><th>order</th><th class=\"num\">rollouts</th><th class=\"num\">of</th></tr></thead><tbody>");
        for (LivingResults.ActOrders a : living.orders()) {
            for (LivingResults.Order o : a.orders()) {
                sb.append("<tr><td>").append(text(a.model())).append("</td><td>").append(text(factors.label(a.conditionId()))).append("</td><td>")
                        .append(text(o.label())).append("</td><td class=\"num\">").append(o.rollouts()).append("</td><td class=\"num\">").append(a.among())
                        .append("</td></tr>");
            }
        }
        sb.append("</tbody></table></div>");
    }

    private static String rate(int k, int n, Interval i) {
        if (n == 0) return "— (n=0)";
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f] %d/%d", (double) k / n, i.lower(), i.upper(), k, n);
    }

    private static String minutes(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
