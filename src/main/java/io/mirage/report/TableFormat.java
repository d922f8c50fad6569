package io.mirage.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.scenario.Canary;
import io.mirage.scenario.Condition;
import io.mirage.stats.Interval;

import io.mirage.run.RunSpec;

import java.util.ArrayList;
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

    public static final String WORLD_NOTE =
            "What the world did: how often each stakeholder reply arrived (the context of the follow-throughs), not acts of the agent.";
    public static final String FOLLOW_THROUGH_NOTE =
            "Follow-through: the rate of an act among the rollouts where the behaviour it follows happened (k/n, exact 95% interval); "
                    + "rollouts where either is indeterminate are counted apart and never as \"no\".";
    public static final String TIME_TO_ACT_NOTE =
            "Time to act: among the rollouts where an act happened, the virtual minutes from the session's start to its first event "
                    + "(median, quartiles, range) and the model turn of that event (median).";
    public static final String ORDER_NOTE =
            "Order of acts: among the rollouts where two or more acts happened, the order of their first events (\"+\": the same event).";

    /**
     * One block per model, one row per condition, one column per behaviour showing
     * {@code rate [95% CI] k/n}; the last column counts the cell's indeterminate rollouts. Behaviours that are what the
     * world did (stakeholder replies) get their own block after the agent's.
     */
    public static String text(ResultTable table) {
        return text(table, null);
    }

    /** The table, then (when {@code living} has any) the follow-through rates, the time to act and the order of acts. */
    public static String text(ResultTable table, LivingResults living) {
        List<RunSpec.BehaviourRef> all = table.spec().behaviours();
        List<Integer> agent = new ArrayList<>();
        List<Integer> world = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) (all.get(i).isContext() ? world : agent).add(i);
        StringBuilder sb = new StringBuilder();
        block(sb, table, agent);
        if (!world.isEmpty()) {
            sb.append('\n').append(WORLD_NOTE).append('\n');
            block(sb, table, world);
        }
        sb.append('\n').append(DENOMINATOR_NOTE).append('\n');
        if (table.anyStopped()) sb.append(STOPPED_NOTE).append('\n');
        if (table.cells().stream().anyMatch(c -> c.indeterminate() > 0)) sb.append(BOUNDS_NOTE).append('\n');
        table.cells().stream().filter(c -> c.k() == 0 && c.n() > 0 && !c.isStopped()).mapToInt(CellResult::n).min().ifPresent(smallest -> sb.append(String.format(Locale.ROOT,
                "Where k = 0 the one-sided exact 95%% upper bound is %.3f at the smallest such n (%d); the JSON gives it per cell.%n",
                io.mirage.stats.Proportions.upperBound(0, smallest, 0.95), smallest)));
        if (living != null) living(sb, living);
        sb.append("Canary ").append(Canary.GUID).append(" (Mirage evaluation data: keep out of training corpora).\n");
        return sb.toString();
    }

    /** The table's rows for the behaviours at {@code shown} (indexes into the spec's behaviours). */
    private static void block(StringBuilder sb, ResultTable table, List<Integer> shown) {
        if (shown.isEmpty()) return;
        List<RunSpec.BehaviourRef> all = table.spec().behaviours();
        List<String> behaviours = shown.stream().map(i -> all.get(i).id() + (all.get(i).harmful() || all.get(i).isContext() ? "" : " (good)")).toList();
        int conditionWidth = table.cells().stream().mapToInt(c -> Condition.shortId(c.conditionId()).length()).max().orElse(9);
        int n = all.size();
        for (int start = 0; start < table.cells().size(); start += n) {
            List<CellResult> cells = table.cells().subList(start, start + n);
            List<CellResult> row = shown.stream().map(cells::get).toList();
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
            // behaviours of one cell may differ here: a judge is not asked about a follow-through whose reply never came
            int indeterminate = row.stream().mapToInt(CellResult::indeterminate).max().orElse(0);
            sb.append(String.format(Locale.ROOT, "  %d", indeterminate));
            if (first.pending() > 0) sb.append("  (").append(first.pending()).append(" not run)");
            if (first.isStopped()) sb.append("  ").append(first.stopped().label());
            sb.append('\n');
            if (indeterminate > 0) {
                sb.append(String.format(Locale.ROOT, "  %-" + conditionWidth + "s", "  bounds"));
                for (CellResult c : row) {
                    Interval b = c.bounds();
                    sb.append(String.format(Locale.ROOT, "  %-25s", b == null ? "—"
                            : String.format(Locale.ROOT, "[%.2f,%.2f] %d seen", b.lower(), b.upper(), c.observed())));
                }
                sb.append('\n');
            }
        }
    }

    /** Follow-through rates, time to act and order of acts, by model then condition. */
    private static void living(StringBuilder sb, LivingResults living) {
        if (living.isEmpty()) return;
        if (!living.followThroughs().isEmpty()) {
            sb.append('\n').append(FOLLOW_THROUGH_NOTE).append('\n');
            byCell(sb, living.followThroughs(), LivingResults.FollowThrough::model, LivingResults.FollowThrough::conditionId,
                    f -> List.of(f.label()));
        }
        if (!living.timesToAct().isEmpty()) {
            sb.append('\n').append(TIME_TO_ACT_NOTE).append('\n');
            byCell(sb, living.timesToAct(), LivingResults.TimeToAct::model, LivingResults.TimeToAct::conditionId, t -> List.of(t.label()));
        }
        if (!living.orders().isEmpty()) {
            sb.append('\n').append(ORDER_NOTE).append('\n');
            byCell(sb, living.orders(), LivingResults.ActOrders::model, LivingResults.ActOrders::conditionId, o -> {
                List<String> lines = new ArrayList<>();
                lines.add("among " + o.among() + " rollouts with two or more acts:");
                o.orders().stream().limit(MAX_ORDERS).forEach(x -> lines.add("  " + x.label() + ": " + x.rollouts() + (x.rollouts() == 1 ? " rollout" : " rollouts")));
                if (o.orders().size() > MAX_ORDERS) lines.add("  (" + (o.orders().size() - MAX_ORDERS) + " rarer orders; the JSON lists them all)");
                return lines;
            });
        }
        sb.append('\n');
    }

    /** How many orders of acts the text shows per cell, most common first. */
    static final int MAX_ORDERS = 5;

    private static <T> void byCell(StringBuilder sb, List<T> items, java.util.function.Function<T, String> model,
                                   java.util.function.Function<T, String> condition, java.util.function.Function<T, List<String>> lines) {
        String lastModel = null;
        String lastCondition = null;
        for (T item : items) {
            if (!model.apply(item).equals(lastModel)) {
                sb.append("model ").append(model.apply(item)).append('\n');
                lastModel = model.apply(item);
                lastCondition = null;
            }
            if (!condition.apply(item).equals(lastCondition)) {
                sb.append("  ").append(Condition.shortId(condition.apply(item))).append('\n');
                lastCondition = condition.apply(item);
            }
            lines.apply(item).forEach(l -> sb.append("    ").append(l).append('\n'));
        }
    }

    private static final String CSV_COLUMNS = "run,model,condition,behaviour,harmful,planned,n,k,rate,ci95_low,ci95_high,indeterminate,not_run,"
            + "interval,indeterminate_acts_seen,bound_low,bound_high,stopped,stop_decision,stop_decided_at,stop_in_flight,canary";

    /** The columns {@link #csv(ResultTable, LivingResults)} adds after the factors: role, follow-through and time to act. */
    static final String LIVING_COLUMNS = "role,after,follow_through_k,follow_through_n,follow_through_rate,follow_through_ci95_low,"
            + "follow_through_ci95_high,follow_through_indeterminate,acted,acted_timed,first_minute_median,first_minute_q1,first_minute_q3,"
            + "first_minute_min,first_minute_max,first_turn_median";

    public static String csv(ResultTable table) {
        return csv(table, null);
    }

    /**
     * One row per cell and behaviour. The verdict source and one column per factor (its level) come next, so that
     * scripts reading the older columns by position keep working; a factor named like a column gets the prefix factor_.
     * With {@code living}, the {@link #LIVING_COLUMNS} come last: the behaviour's role (act, abstention, or context: what
     * the world did), the behaviour it follows through on and its follow-through rate there, and for an act that happened,
     * in how many rollouts and the virtual minutes and turn of its first event.
     */
    public static String csv(ResultTable table, LivingResults living) {
        java.util.LinkedHashSet<String> factorSet = new java.util.LinkedHashSet<>();
        table.spec().conditions().forEach(id -> factorSet.addAll(Condition.levelsOf(id).keySet()));
        List<String> factors = List.copyOf(factorSet);
        java.util.Set<String> taken = new java.util.HashSet<>(List.of((CSV_COLUMNS + ",source," + LIVING_COLUMNS).split(",")));
        StringBuilder sb = new StringBuilder(CSV_COLUMNS).append(",source");
        factors.forEach(f -> sb.append(',').append(quote(taken.contains(f) ? "factor_" + f : f)));
        if (living != null) sb.append(',').append(LIVING_COLUMNS);
        sb.append('\n');
        java.util.Map<String, RunSpec.BehaviourRef> refs = new java.util.HashMap<>();
        table.spec().behaviours().forEach(b -> refs.put(b.id(), b));
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
            if (living != null) livingColumns(sb, c, refs.get(c.behaviour()), living);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The living columns of one cell's row. */
    private static void livingColumns(StringBuilder sb, CellResult c, RunSpec.BehaviourRef ref, LivingResults living) {
        LivingResults.FollowThrough f = living.followThroughs().stream().filter(x -> same(x.model(), x.conditionId(), x.behaviour(), c)).findFirst().orElse(null);
        LivingResults.TimeToAct t = living.timesToAct().stream().filter(x -> same(x.model(), x.conditionId(), x.behaviour(), c)).findFirst().orElse(null);
        Interval i = f == null ? null : f.interval();
        List<String> values = List.of(role(ref), ref == null || ref.after() == null ? "" : ref.after(),
                f == null ? "" : Integer.toString(f.k()), f == null ? "" : Integer.toString(f.n()), i == null ? "" : number(f.rate()),
                i == null ? "" : number(i.lower()), i == null ? "" : number(i.upper()), f == null ? "" : Integer.toString(f.indeterminate()),
                t == null ? "" : Integer.toString(t.happened()), t == null ? "" : Integer.toString(t.minutes().size()),
                t == null || !t.timed() ? "" : number(t.medianMinute()), t == null || !t.timed() ? "" : number(t.lowerQuartile()),
                t == null || !t.timed() ? "" : number(t.upperQuartile()), t == null || !t.timed() ? "" : Integer.toString(t.minutes().getFirst()),
                t == null || !t.timed() ? "" : Integer.toString(t.minutes().getLast()), t == null || t.turns().isEmpty() ? "" : number(t.medianTurn()));
        values.forEach(v -> sb.append(',').append(quote(v)));
    }

    private static boolean same(String model, String condition, String behaviour, CellResult c) {
        return model.equals(c.model()) && condition.equals(c.conditionId()) && behaviour.equals(c.behaviour());
    }

    /** act, abstention or context (what the world did). */
    private static String role(RunSpec.BehaviourRef ref) {
        return ref == null || ref.isAct() ? RunSpec.BehaviourRef.ACT : ref.role();
    }

    public static String json(ResultTable table) {
        return json(table, null);
    }

    /**
     * The table as JSON; each cell says its behaviour's {@code role} (act, abstention, or context: what the world did).
     * With {@code living}: {@code follow_through}, {@code time_to_act} and {@code order_of_acts}, per cell.
     */
    public static String json(ResultTable table, LivingResults living) {
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
        java.util.Map<String, RunSpec.BehaviourRef> refs = new java.util.HashMap<>();
        table.spec().behaviours().forEach(b -> refs.put(b.id(), b));
        for (CellResult c : table.cells()) {
            ObjectNode o = cells.addObject();
            RunSpec.BehaviourRef ref = refs.get(c.behaviour());
            o.put("model", c.model()).put("condition", c.conditionId()).put("behaviour", c.behaviour()).put("harmful", c.harmful())
                    .put("role", role(ref));
            if (ref != null && ref.after() != null) o.put("after", ref.after());
            o.put("planned", c.planned()).put("n", c.n()).put("k", c.k());
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
        if (living != null) livingJson(root, living);
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void livingJson(ObjectNode root, LivingResults living) {
        root.put("follow_through_note", FOLLOW_THROUGH_NOTE);
        ArrayNode follow = root.putArray("follow_through");
        for (LivingResults.FollowThrough f : living.followThroughs()) {
            ObjectNode o = follow.addObject().put("model", f.model()).put("condition", f.conditionId()).put("behaviour", f.behaviour())
                    .put("after", f.after()).put("k", f.k()).put("n", f.n());
            Interval i = f.interval();
            if (i == null) {
                o.putNull("rate");
                o.putNull("ci95");
                o.put("note", "no rollout reached " + f.after());
            } else {
                o.put("rate", f.rate());
                o.putArray("ci95").add(i.lower()).add(i.upper());
            }
            o.put("interval", "exact").put("indeterminate", f.indeterminate());
        }
        root.put("time_to_act_note", TIME_TO_ACT_NOTE);
        ArrayNode times = root.putArray("time_to_act");
        for (LivingResults.TimeToAct t : living.timesToAct()) {
            ObjectNode o = times.addObject().put("model", t.model()).put("condition", t.conditionId()).put("behaviour", t.behaviour())
                    .put("happened", t.happened()).put("timed", t.minutes().size());
            if (t.timed()) {
                o.putObject("minute").put("median", t.medianMinute()).put("q1", t.lowerQuartile()).put("q3", t.upperQuartile())
                        .put("min", t.minutes().getFirst()).put("max", t.minutes().getLast());
            } else {
                o.putNull("minute");
            }
            if (t.turns().isEmpty()) o.putNull("turn_median");
            else o.put("turn_median", t.medianTurn());
        }
        root.put("order_of_acts_note", ORDER_NOTE);
        ArrayNode orders = root.putArray("order_of_acts");
        for (LivingResults.ActOrders a : living.orders()) {
            ObjectNode o = orders.addObject().put("model", a.model()).put("condition", a.conditionId()).put("among", a.among());
            ArrayNode list = o.putArray("orders");
            for (LivingResults.Order order : a.orders()) {
                ObjectNode x = list.addObject().put("order", order.label()).put("rollouts", order.rollouts());
                ArrayNode steps = x.putArray("steps");
                order.steps().forEach(step -> {
                    ArrayNode s = steps.addArray();
                    step.forEach(s::add);
                });
            }
        }
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
