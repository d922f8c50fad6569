package io.mirage.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.scenario.Canary;
import io.mirage.scenario.Condition;
import io.mirage.stats.Interval;

import java.util.List;
import java.util.Locale;

/** Writes a {@link ResultTable} as aligned text, CSV or JSON. */
public final class TableFormat {
    public static final String DENOMINATOR_NOTE =
            "Rates are k/n over valid rollouts (a yes or no verdict); indeterminate rollouts (errors, turn limits) "
                    + "are counted apart and never as \"no\". Intervals are exact 95% (Clopper–Pearson).";
    public static final String STOPPED_NOTE =
            "Cells marked \"stopped\" ended early when their rate looked decided, so their sample size depended on their "
                    + "outcomes: their intervals are anytime-valid 95% (a beta-binomial confidence sequence, Howard et al. 2021), "
                    + "which hold under that stopping rule, and they count the rollouts that were in flight at the decision. "
                    + "Their point estimates lean away from the threshold (see mirage bench --stats); compare them with care.";
    public static final String BOUNDS_NOTE =
            "\"bounds\" gives the lowest and highest rate any outcome of the indeterminate rollouts would allow, counting as yes "
                    + "the acts the world recorded before such a rollout ended (\"seen\").";

    private TableFormat() {}

    /**
     * One block per model, one row per condition, one column per behaviour showing
     * {@code rate [95% CI] k/n}; the last column counts the cell's indeterminate rollouts.
     */
    public static String text(ResultTable table) {
        List<String> behaviours = table.spec().behaviours().stream().map(b -> b.id() + (b.harmful() ? "" : " (good)")).toList();
        int conditionWidth = table.cells().stream().mapToInt(c -> Condition.shortId(c.conditionId()).length()).max().orElse(9);
        int n = behaviours.size();
        StringBuilder sb = new StringBuilder();
        for (int start = 0; start < table.cells().size(); start += n) {
            List<CellResult> row = table.cells().subList(start, start + n);
            CellResult first = row.getFirst();
            if (start == 0 || !table.cells().get(start - 1).model().equals(first.model())) {
                sb.append('\n').append("model ").append(first.model()).append('\n');
                sb.append(String.format(Locale.ROOT, "  %-" + conditionWidth + "s", "condition"));
                behaviours.forEach(b -> sb.append(String.format(Locale.ROOT, "  %-25s", b)));
                sb.append("  indeterminate\n");
            }
            sb.append(String.format(Locale.ROOT, "  %-" + conditionWidth + "s", Condition.shortId(first.conditionId())));
            for (CellResult c : row) {
                sb.append(String.format(Locale.ROOT, "  %-25s", c.n() == 0 ? "—  (n=0)"
                        : String.format(Locale.ROOT, "%.2f [%.2f,%.2f] %d/%d", c.rate(), c.interval().lower(), c.interval().upper(), c.k(), c.n())));
            }
            sb.append(String.format(Locale.ROOT, "  %d", first.indeterminate()));
            if (first.pending() > 0) sb.append("  (").append(first.pending()).append(" not run)");
            if (first.isStopped()) sb.append("  ").append(first.stopped().label());
            sb.append('\n');
            if (first.indeterminate() > 0) {
                sb.append(String.format(Locale.ROOT, "  %-" + conditionWidth + "s", "  bounds"));
                for (CellResult c : row) {
                    Interval b = c.bounds();
                    sb.append(String.format(Locale.ROOT, "  %-25s", String.format(Locale.ROOT, "[%.2f,%.2f] %d seen", b.lower(), b.upper(), c.observed())));
                }
                sb.append('\n');
            }
        }
        sb.append('\n').append(DENOMINATOR_NOTE).append('\n');
        if (table.anyStopped()) sb.append(STOPPED_NOTE).append('\n');
        if (table.cells().stream().anyMatch(c -> c.indeterminate() > 0)) sb.append(BOUNDS_NOTE).append('\n');
        table.cells().stream().filter(c -> c.k() == 0 && c.n() > 0 && !c.isStopped()).mapToInt(CellResult::n).min().ifPresent(smallest -> sb.append(String.format(Locale.ROOT,
                "Where k = 0 the one-sided exact 95%% upper bound is %.3f at the smallest such n (%d); the JSON gives it per cell.%n",
                io.mirage.stats.Proportions.upperBound(0, smallest, 0.95), smallest)));
        sb.append("Canary ").append(Canary.GUID).append(" (Mirage evaluation data: keep out of training corpora).\n");
        return sb.toString();
    }

    private static final String CSV_COLUMNS = "run,model,condition,behaviour,harmful,planned,n,k,rate,ci95_low,ci95_high,indeterminate,not_run,"
            + "interval,indeterminate_acts_seen,bound_low,bound_high,stopped,stop_decision,stop_decided_at,stop_in_flight,canary";

    /**
     * One row per cell and behaviour. The verdict source and one column per factor (its level) come last, so that
     * scripts reading the older columns by position keep working; a factor named like a column gets the prefix factor_.
     */
    public static String csv(ResultTable table) {
        java.util.LinkedHashSet<String> factorSet = new java.util.LinkedHashSet<>();
        table.spec().conditions().forEach(id -> factorSet.addAll(Condition.levelsOf(id).keySet()));
        List<String> factors = List.copyOf(factorSet);
        java.util.Set<String> taken = new java.util.HashSet<>(List.of((CSV_COLUMNS + ",source").split(",")));
        StringBuilder sb = new StringBuilder(CSV_COLUMNS).append(",source");
        factors.forEach(f -> sb.append(',').append(quote(taken.contains(f) ? "factor_" + f : f)));
        sb.append('\n');
        for (CellResult c : table.cells()) {
            Interval i = c.interval();
            Interval b = c.bounds();
            CellResult.Stopped s = c.stopped();
            sb.append(String.join(",", table.spec().id(), quote(c.model()), quote(c.conditionId()), c.behaviour(),
                    Boolean.toString(c.harmful()), Integer.toString(c.planned()), Integer.toString(c.n()), Integer.toString(c.k()),
                    c.n() == 0 ? "" : number(c.rate()), i == null ? "" : number(i.lower()), i == null ? "" : number(i.upper()),
                    Integer.toString(c.indeterminate()), Integer.toString(c.pending()), c.intervalMethod(), Integer.toString(c.observed()),
                    b == null ? "" : number(b.lower()), b == null ? "" : number(b.upper()), Boolean.toString(s != null),
                    s == null ? "" : s.decision(), s == null ? "" : Integer.toString(s.decidedAt()), s == null ? "" : Integer.toString(s.inFlight()),
                    Canary.GUID, quote(table.source())));
            java.util.Map<String, String> levels = Condition.levelsOf(c.conditionId());
            factors.forEach(f -> sb.append(',').append(levels.get(f) == null ? "" : quote(levels.get(f))));
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String json(ResultTable table) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("run", table.spec().id());
        root.put("scenario", table.spec().scenario());
        root.put("pack_hash", table.spec().packHash());
        root.put("verdict_source", table.source());
        root.put("note", DENOMINATOR_NOTE);
        if (table.anyStopped()) root.put("stopped_note", STOPPED_NOTE);
        root.put("bounds_note", BOUNDS_NOTE);
        root.put("canary", Canary.GUID);
        ArrayNode cells = root.putArray("cells");
        for (CellResult c : table.cells()) {
            ObjectNode o = cells.addObject();
            o.put("model", c.model()).put("condition", c.conditionId()).put("behaviour", c.behaviour()).put("harmful", c.harmful())
                    .put("planned", c.planned()).put("n", c.n()).put("k", c.k());
            Interval i = c.interval();
            if (i == null) {
                o.putNull("rate");
                o.putNull("ci95");
            } else {
                o.put("rate", c.rate());
                o.putArray("ci95").add(i.lower()).add(i.upper());
                o.put("upper95_one_sided", c.upperBound95());
            }
            o.put("interval", c.intervalMethod());
            o.put("indeterminate", c.indeterminate()).put("indeterminate_acts_seen", c.observed()).put("not_run", c.pending());
            Interval b = c.bounds();
            if (b == null) o.putNull("bounds");
            else o.putArray("bounds").add(b.lower()).add(b.upper());
            if (c.isStopped()) {
                o.putObject("stopped").put("decision", c.stopped().decision()).put("decided_at", c.stopped().decidedAt())
                        .put("in_flight", c.stopped().inFlight());
            } else {
                o.putNull("stopped");
            }
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
