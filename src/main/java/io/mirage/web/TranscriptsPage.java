package io.mirage.web;

import io.mirage.report.html.Html;
import io.mirage.run.HumanLabel;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every stored rollout of one run or of all runs, filtered on the server by model, condition,
 * behaviour, verdict source and verdict (or human label), a page at a time.
 */
final class TranscriptsPage {
    private TranscriptsPage() {}

    /** The filtered rows and the choices the filter form offers. */
    record Result(List<TranscriptRow> matching, Set<String> models, Set<String> behaviours, Set<String> sources, List<RunSummary> runs) {}

    static Result query(RunStore store, TranscriptFilter filter) {
        List<RunSummary> runs = store.runs();
        List<TranscriptRow> matching = new ArrayList<>();
        Set<String> models = new TreeSet<>();
        Set<String> behaviours = new LinkedHashSet<>();
        Set<String> sources = new TreeSet<>();
        for (RunSummary run : runs) {
            if (!filter.run().isEmpty() && !filter.run().equals(run.id())) continue;
            models.addAll(run.spec().models());
            run.spec().behaviours().forEach(b -> behaviours.add(b.id()));
            List<TranscriptRow> rows = TranscriptRow.of(run.id(), store.outcomes(run.id()), store.labels(run.id()));
            for (TranscriptRow row : rows) {
                sources.addAll(row.verdicts().keySet());
                if (filter.matches(row)) matching.add(row);
            }
        }
        return new Result(matching, models, behaviours, sources, runs);
    }

    static Page render(RunStore store, Map<String, String> query) {
        TranscriptFilter filter = TranscriptFilter.from(query);
        if (!filter.run().isEmpty() && store.run(filter.run()).isEmpty()) throw new NotFound("no run '" + filter.run() + "' in this store");
        Result result = query(store, filter);
        int total = result.matching().size();
        int pages = Math.max(1, (total + TranscriptFilter.PAGE_SIZE - 1) / TranscriptFilter.PAGE_SIZE);
        int page = Math.min(filter.page(), pages);
        List<TranscriptRow> shown = result.matching().subList((page - 1) * TranscriptFilter.PAGE_SIZE,
                Math.min(total, page * TranscriptFilter.PAGE_SIZE));

        StringBuilder b = new StringBuilder("<h1>Transcripts</h1>").append(form(filter, result));
        b.append("<p id=\"count\" data-total=\"").append(total).append("\">").append(total).append(total == 1 ? " rollout" : " rollouts")
                .append(" match").append(total == 1 ? "es" : "").append("; page ").append(page).append(" of ").append(pages).append(".</p>");
        b.append(pager(filter, page, pages));
        b.append("<table id=\"transcripts\"><thead><tr><th>Run</th><th class=\"num\">#</th><th>Model</th><th>Condition</th><th>Status</th>")
                .append("<th>Verdicts (").append(Html.text(filter.source().equals(TranscriptFilter.HUMAN) ? "detector" : filter.source()))
                .append(")</th><th>Human labels</th></tr></thead><tbody>");
        String verdictSource = filter.source().equals(TranscriptFilter.HUMAN) ? io.mirage.detect.Verdict.DETECTOR : filter.source();
        for (TranscriptRow row : shown) {
            b.append("<tr><td>").append(Html.text(row.runId())).append("</td><td class=\"num\"><a href=\"")
                    .append(Html.attr(Links.rollout(row.runId(), row.index()))).append("\">").append(row.index()).append("</a></td><td>")
                    .append(Html.text(row.model())).append("</td><td>").append(Html.text(row.conditionId())).append("</td><td>")
                    .append(row.status() == null ? "" : Html.text(row.status().name().toLowerCase(java.util.Locale.ROOT))).append("</td><td>");
            for (String behaviour : row.behaviours()) {
                b.append(Html.text(behaviour)).append(": ").append(Format.answer(row.answer(verdictSource, behaviour))).append("<br>");
            }
            b.append("</td><td>");
            for (HumanLabel l : row.labels().values()) {
                b.append(Html.text(l.behaviour())).append(": ").append(Format.answer(row.answer(TranscriptFilter.HUMAN, l.behaviour()))).append("<br>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table>").append(pager(filter, page, pages));
        return new Page("Transcripts", b.toString());
    }

    private static String form(TranscriptFilter f, Result r) {
        StringBuilder b = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"/transcripts\">");
        b.append(select("run", "Run", r.runs().stream().map(RunSummary::id).toList(), f.run(), "any"));
        b.append(select("model", "Model", List.copyOf(r.models()), f.model(), "any"));
        b.append("<label>Condition contains<input name=\"condition\" value=\"").append(Html.attr(f.condition()))
                .append("\" placeholder=\"threat=replacement\"></label>");
        b.append(select("behaviour", "Behaviour", List.copyOf(r.behaviours()), f.behaviour(), "any"));
        List<String> sources = new ArrayList<>(r.sources());
        sources.remove(io.mirage.detect.Verdict.DETECTOR);
        sources.addFirst(io.mirage.detect.Verdict.DETECTOR);
        sources.add(TranscriptFilter.HUMAN);
        b.append(select("source", "Source", sources, f.source(), null));
        b.append(select("verdict", "Verdict", List.of("yes", "no", "indeterminate", "unsure", "unlabelled"), f.verdict(), "any"));
        return b.append("<button type=\"submit\">Filter</button></form>").toString();
    }

    private static String select(String name, String label, List<String> values, String chosen, String any) {
        StringBuilder b = new StringBuilder("<label>").append(label).append("<select name=\"").append(name).append("\">");
        if (any != null) b.append("<option value=\"\">").append(any).append("</option>");
        for (String v : values) {
            b.append("<option value=\"").append(Html.attr(v)).append("\"").append(v.equals(chosen) ? " selected" : "").append(">")
                    .append(Html.text(v)).append("</option>");
        }
        return b.append("</select></label>").toString();
    }

    private static String pager(TranscriptFilter f, int page, int pages) {
        if (pages == 1) return "";
        StringBuilder b = new StringBuilder("<div class=\"pager\">");
        if (page > 1) b.append("<a rel=\"prev\" href=\"").append(Html.attr(Links.transcripts(f.query(page - 1)))).append("\">← previous</a>");
        if (page < pages) b.append("<a rel=\"next\" href=\"").append(Html.attr(Links.transcripts(f.query(page + 1)))).append("\">next →</a>");
        return b.append("</div>").toString();
    }
}
