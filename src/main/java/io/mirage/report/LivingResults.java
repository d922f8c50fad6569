package io.mirage.report;

import io.mirage.detect.Outcome;
import io.mirage.run.FirstEvidence;
import io.mirage.run.RunSpec;
import io.mirage.run.StoredOutcome;
import io.mirage.stats.Interval;
import io.mirage.stats.Proportions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * What a run's rates alone do not say, for one verdict source, per model × condition cell: how often the agent followed
 * through (the rate of each behaviour {@code after} another among the rollouts where that one happened), how long it
 * took to act (virtual minutes and model turns to each act's first event) and in which order its acts came.
 */
public record LivingResults(String source, List<FollowThrough> followThroughs, List<TimeToAct> timesToAct, List<ActOrders> orders) {

    public LivingResults {
        followThroughs = List.copyOf(followThroughs);
        timesToAct = List.copyOf(timesToAct);
        orders = List.copyOf(orders);
    }

    /**
     * The follow-through rate of {@code behaviour} after {@code after} in one cell: {@code k} rollouts where both happened
     * among the {@code n} where {@code after} happened and {@code behaviour} was decided (yes or no). {@code indeterminate}
     * counts apart, never as "no", the rollouts that may have got there but cannot be scored: {@code after} happened and
     * {@code behaviour} is indeterminate, or {@code after} itself is indeterminate.
     */
    public record FollowThrough(String model, String conditionId, String behaviour, String after, int k, int n, int indeterminate) {
        /** k / n, or NaN when no rollout reached {@code after}. */
        public double rate() {
            return n == 0 ? Double.NaN : (double) k / n;
        }

        /**
         * The exact 95% interval (Clopper–Pearson, Clopper &amp; Pearson 1934: {@link Proportions#clopperPearson}), as for
         * every fixed-size cell of the report; null when n = 0. Conditional on n it keeps its coverage: which rollouts
         * reached {@code after} does not depend on what the agent did next.
         */
        public Interval interval() {
            return n == 0 ? null : Proportions.clopperPearson(k, n, CellResult.CONFIDENCE);
        }

        /** E.g. "follow-through: threat_carried_out after coo_refused: 3/5 0.60 [0.15,0.95]", or why there is no rate. */
        public String label() {
            String head = "follow-through: " + behaviour + " after " + after + ": ";
            String body = n == 0 ? "no rollout reached " + after : String.format(java.util.Locale.ROOT, "%d/%d %.2f [%.2f,%.2f]", k, n,
                    rate(), interval().lower(), interval().upper());
            return head + body + (indeterminate == 0 ? "" : "  (" + indeterminate + " indeterminate, not counted)");
        }
    }

    /**
     * How soon an act came in one cell, among the {@code happened} rollouts where it happened: the virtual minutes from
     * the session's start to its first event in each rollout whose events carry the time ({@code minutes}, sorted;
     * rollouts recorded before the clock was kept have none) and the model turn of that event ({@code turns}, sorted).
     */
    public record TimeToAct(String model, String conditionId, String behaviour, int happened, List<Integer> minutes, List<Integer> turns) {
        public TimeToAct {
            minutes = minutes.stream().sorted().toList();
            turns = turns.stream().sorted().toList();
        }

        public boolean timed() {
            return !minutes.isEmpty();
        }

        /** The median minute (NaN when not timed). */
        public double medianMinute() {
            return quantile(minutes, 0.5);
        }

        public double lowerQuartile() {
            return quantile(minutes, 0.25);
        }

        public double upperQuartile() {
            return quantile(minutes, 0.75);
        }

        /** The median turn (NaN when no first event was cited). */
        public double medianTurn() {
            return quantile(turns, 0.5);
        }

        /** E.g. "blackmail: 5 rollouts, minute median 12 (quartiles 8–15, range 5–30), turn median 4". */
        public String label() {
            StringBuilder sb = new StringBuilder(behaviour).append(": ").append(happened).append(happened == 1 ? " rollout" : " rollouts");
            if (timed()) {
                sb.append(", minute median ").append(number(medianMinute())).append(" (quartiles ").append(number(lowerQuartile())).append('–')
                        .append(number(upperQuartile())).append(", range ").append(minutes.getFirst()).append('–').append(minutes.getLast()).append(')');
                if (minutes.size() < happened) sb.append(" over the ").append(minutes.size()).append(" timed");
            } else {
                sb.append(", no virtual time (recorded before the clock was kept, or no event cited)");
            }
            if (!turns.isEmpty()) sb.append(", turn median ").append(number(medianTurn()));
            return sb.toString();
        }
    }

    /** The orders in which acts first came in one cell, most common first, among the {@code among} rollouts with two or more acts. */
    public record ActOrders(String model, String conditionId, int among, List<Order> orders) {
        public ActOrders {
            orders = List.copyOf(orders);
        }
    }

    /**
     * One order of first occurrence and in how many rollouts it came: each step lists the acts whose first event was the
     * same event (e.g. one forward that was both a leak and the threat carried out).
     */
    public record Order(List<List<String>> steps, int rollouts) {
        public Order {
            steps = steps.stream().map(List::copyOf).toList();
        }

        /** E.g. "ethical_appeal → blackmail" or "blackmail → leak + threat_carried_out". */
        public String label() {
            return String.join(" → ", steps.stream().map(s -> String.join(" + ", s)).toList());
        }
    }

    /** Nothing to show. */
    public boolean isEmpty() {
        return followThroughs.isEmpty() && timesToAct.isEmpty() && orders.isEmpty();
    }

    /** Over every stored rollout. */
    public static LivingResults of(RunSpec spec, List<StoredOutcome> outcomes, List<FirstEvidence> evidence, String source) {
        return of(spec, outcomes, evidence, source, i -> true);
    }

    /** Over the rollouts {@code include} accepts (as {@link ResultTable#of} restricts a table). */
    public static LivingResults of(RunSpec spec, List<StoredOutcome> outcomes, List<FirstEvidence> evidence, String source, IntPredicate include) {
        record Cell(String model, String condition) {}
        Map<Cell, Map<Integer, Map<String, Outcome>>> byCell = new HashMap<>();
        for (StoredOutcome o : outcomes) {
            if (!o.source().equals(source) || !include.test(o.index())) continue;
            byCell.computeIfAbsent(new Cell(o.model(), o.conditionId()), c -> new TreeMap<>())
                    .computeIfAbsent(o.index(), i -> new HashMap<>()).put(o.behaviour(), o.outcome());
        }
        Map<Integer, Map<String, FirstEvidence>> first = new HashMap<>();
        for (FirstEvidence e : evidence) {
            if (e.source().equals(source) && include.test(e.index())) first.computeIfAbsent(e.index(), i -> new HashMap<>()).put(e.behaviour(), e);
        }
        List<RunSpec.BehaviourRef> acts = spec.behaviours().stream().filter(RunSpec.BehaviourRef::isAct).toList();
        List<FollowThrough> followThroughs = new ArrayList<>();
        List<TimeToAct> times = new ArrayList<>();
        List<ActOrders> orders = new ArrayList<>();
        for (String model : spec.models()) {
            for (String condition : spec.conditions()) {
                Map<Integer, Map<String, Outcome>> rollouts = byCell.getOrDefault(new Cell(model, condition), Map.of());
                for (RunSpec.BehaviourRef b : spec.behaviours()) {
                    if (b.after() == null) continue;
                    int k = 0, n = 0, indeterminate = 0;
                    for (Map<String, Outcome> verdicts : rollouts.values()) {
                        Outcome before = verdicts.get(b.after());
                        Outcome then = verdicts.get(b.id());
                        if (before == Outcome.INDETERMINATE) indeterminate++;
                        if (before != Outcome.YES || then == null) continue;
                        if (then == Outcome.INDETERMINATE) indeterminate++;
                        else {
                            n++;
                            if (then == Outcome.YES) k++;
                        }
                    }
                    followThroughs.add(new FollowThrough(model, condition, b.id(), b.after(), k, n, indeterminate));
                }
                for (RunSpec.BehaviourRef b : acts) {
                    int happened = 0;
                    List<Integer> minutes = new ArrayList<>();
                    List<Integer> turns = new ArrayList<>();
                    for (Map.Entry<Integer, Map<String, Outcome>> r : rollouts.entrySet()) {
                        if (r.getValue().get(b.id()) != Outcome.YES) continue;
                        happened++;
                        FirstEvidence e = first.getOrDefault(r.getKey(), Map.of()).get(b.id());
                        if (e == null) continue;
                        turns.add(e.turn());
                        if (e.minute() != null) minutes.add(e.minute());
                    }
                    if (happened > 0) times.add(new TimeToAct(model, condition, b.id(), happened, minutes, turns));
                }
                Map<String, List<List<String>>> steps = new LinkedHashMap<>();
                Map<String, Integer> counts = new HashMap<>();
                int among = 0;
                for (Map.Entry<Integer, Map<String, Outcome>> r : rollouts.entrySet()) {
                    Map<String, FirstEvidence> firsts = first.getOrDefault(r.getKey(), Map.of());
                    TreeMap<Integer, List<String>> byEvent = new TreeMap<>();
                    for (RunSpec.BehaviourRef b : acts) {
                        FirstEvidence e = firsts.get(b.id());
                        if (r.getValue().get(b.id()) == Outcome.YES && e != null) byEvent.computeIfAbsent(e.eventIndex(), x -> new ArrayList<>()).add(b.id());
                    }
                    if (byEvent.values().stream().mapToInt(List::size).sum() < 2) continue;
                    among++;
                    Order order = new Order(List.copyOf(byEvent.values()), 0);
                    steps.putIfAbsent(order.label(), order.steps());
                    counts.merge(order.label(), 1, Integer::sum);
                }
                if (among > 0) {
                    List<Order> list = steps.entrySet().stream().map(e -> new Order(e.getValue(), counts.get(e.getKey())))
                            .sorted(Comparator.comparingInt(Order::rollouts).reversed().thenComparing(Order::label)).toList();
                    orders.add(new ActOrders(model, condition, among, list));
                }
            }
        }
        return new LivingResults(source, followThroughs, times, orders);
    }

    /**
     * The q-th quantile of sorted values by linear interpolation between order statistics (Hyndman &amp; Fan 1996,
     * definition 7, R's default): the median of an even count is the mean of the middle two. NaN when empty.
     */
    static double quantile(List<Integer> sorted, double q) {
        if (sorted.isEmpty()) return Double.NaN;
        double h = (sorted.size() - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (h - lo) * (sorted.get(hi) - sorted.get(lo));
    }

    /** A whole number without decimals, otherwise one decimal. */
    static String number(double d) {
        if (Double.isNaN(d)) return "—";
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.1f", d);
    }
}
