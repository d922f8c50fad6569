package io.mirage.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.scenario.Canary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A compare family as CSV (one line per shown row, the family's size, divisor and level repeated on each) or JSON
 * (the family once, then its rows). Numbers are written in full; an unbounded interval end is "Infinity" in CSV
 * and null in JSON. The flags and the family are the whole request's, whatever the behaviour filter shows.
 */
public final class ComparisonFormat {
    /** What the flags are, for JSON readers. */
    static final String CORRECTION = "Tarone-pruned Bonferroni: the K testable rows are each tested at alpha/K";

    private ComparisonFormat() {}

    public static String csv(ComparisonFamily f, Predicate<String> behaviourShown) {
        StringBuilder sb = new StringBuilder(String.join(",", "behaviour", "condition", "side_a", "run_a", "model_a", "side_b", "run_b",
                "model_b", "k_a", "n_a", "rate_a", "k_b", "n_b", "rate_b", "difference", "interval_scale", "ci_low", "ci_high",
                "ci_level", "p", "p_adjusted", "testable", "significant", "stopped", "family_comparisons", "family_testable",
                "family_k", "family_alpha", "family_method", "canary")).append('\n');
        for (Comparison c : f.shown(behaviourShown)) {
            List<String> cells = new ArrayList<>(List.of(c.behaviour(), c.condition(), c.a().label(), c.a().run(), c.a().model(),
                    c.b().label(), c.b().run(), c.b().model(), Integer.toString(c.kA()), Integer.toString(c.nA()),
                    number((double) c.kA() / c.nA()), Integer.toString(c.kB()), Integer.toString(c.nB()), number((double) c.kB() / c.nB()),
                    number(c.difference()), f.scale().name().toLowerCase(java.util.Locale.ROOT), number(c.interval().lower()),
                    number(c.interval().upper()), number(1 - f.level()), number(c.p()), number(c.adjustedP()),
                    Boolean.toString(c.testable()), Boolean.toString(c.significant()), Boolean.toString(c.stopped()),
                    Integer.toString(f.comparisons()), Integer.toString(f.testable()), Integer.toString(f.divisor()), number(f.alpha()),
                    f.method(), Canary.GUID));
            sb.append(String.join(",", cells.stream().map(ComparisonFormat::quote).toList())).append('\n');
        }
        return sb.toString();
    }

    public static String json(ComparisonFamily f, Predicate<String> behaviourShown) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("subject", f.subject());
        ObjectNode family = root.putObject("family");
        family.put("comparisons", f.comparisons()).put("testable", f.testable()).put("k", f.divisor()).put("alpha", f.alpha())
                .put("row_level", f.level()).put("significant", f.significantCount()).put("correction", CORRECTION)
                .put("method", f.method()).put("untestable_why", f.untestableWhy())
                .put("interval_scale", f.scale().name().toLowerCase(java.util.Locale.ROOT)).put("interval_null_value", f.scale().nullValue());
        ArrayNode warnings = root.putArray("warnings");
        f.warnings().forEach(warnings::add);
        ArrayNode rows = root.putArray("comparisons");
        for (Comparison c : f.shown(behaviourShown)) {
            ObjectNode o = rows.addObject();
            o.put("behaviour", c.behaviour()).put("condition", c.condition());
            side(o.putObject("a"), c.a(), c.kA(), c.nA());
            side(o.putObject("b"), c.b(), c.kB(), c.nB());
            o.put("difference", c.difference());
            ObjectNode interval = o.putObject("interval");
            interval.put("scale", f.scale().name().toLowerCase(java.util.Locale.ROOT)).put("level", 1 - f.level());
            bound(interval, "low", c.interval().lower());
            bound(interval, "high", c.interval().upper());
            bound(o, "p", c.p());
            bound(o, "p_adjusted", c.adjustedP());
            o.put("testable", c.testable()).put("significant", c.significant()).put("stopped", c.stopped());
        }
        ArrayNode homogeneity = root.putArray("homogeneity");
        for (ComparisonFamily.Homogeneity h : f.homogeneityShown(behaviourShown)) {
            homogeneity.addObject().put("behaviour", h.behaviour()).put("a", h.a()).put("b", h.b()).put("g2", h.test().statistic())
                    .put("df", h.test().df()).put("p", h.test().pValue()).put("differs_between_models", h.rejects());
        }
        root.put("canary", Canary.GUID);
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void side(ObjectNode o, Side side, int k, int n) {
        o.put("label", side.label()).put("run", side.run()).put("model", side.model()).put("k", k).put("n", n).put("rate", (double) k / n);
    }

    /** A finite number, or null (an unbounded interval end, or no adjusted p for an untestable row). */
    private static void bound(ObjectNode o, String name, double value) {
        if (Double.isFinite(value)) o.put(name, value);
        else o.putNull(name);
    }

    /** Full precision; NaN (no adjusted p for an untestable row) is empty. */
    private static String number(double d) {
        return Double.isNaN(d) ? "" : Double.toString(d);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
