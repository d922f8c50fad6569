package io.mirage.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.stats.Interval;

import java.util.Locale;

/** Writes a {@link ResultTable} as aligned text, CSV or JSON. */
public final class TableFormat {
    public static final String DENOMINATOR_NOTE =
            "Rates are k/n over valid rollouts (a yes or no verdict); indeterminate rollouts (errors, turn limits) "
                    + "are counted apart and never as \"no\". Intervals are 95% Wilson.";

    private TableFormat() {}

    public static String text(ResultTable table) {
        StringBuilder sb = new StringBuilder();
        String currentModel = null;
        String header = String.format(Locale.ROOT, "  %-46s %-16s %5s %5s %7s  %-17s %6s%n",
                "condition", "behaviour", "n", "k", "rate", "95% CI", "indet.");
        for (CellResult c : table.cells()) {
            if (!c.model().equals(currentModel)) {
                currentModel = c.model();
                sb.append('\n').append("model ").append(currentModel).append('\n').append(header);
            }
            sb.append(String.format(Locale.ROOT, "  %-46s %-16s %5d %5d %7s  %-17s %6d%s%n",
                    shortCondition(c.conditionId()), c.behaviour(), c.n(), c.k(), rate(c), interval(c.interval()),
                    c.indeterminate(), c.pending() > 0 ? "  (" + c.pending() + " not run)" : ""));
        }
        sb.append('\n').append(DENOMINATOR_NOTE).append('\n');
        return sb.toString();
    }

    public static String csv(ResultTable table) {
        StringBuilder sb = new StringBuilder("run,model,condition,behaviour,harmful,planned,n,k,rate,ci95_low,ci95_high,indeterminate,not_run\n");
        for (CellResult c : table.cells()) {
            Interval i = c.interval();
            sb.append(String.join(",", table.spec().id(), quote(c.model()), quote(c.conditionId()), c.behaviour(),
                    Boolean.toString(c.harmful()), Integer.toString(c.planned()), Integer.toString(c.n()), Integer.toString(c.k()),
                    c.n() == 0 ? "" : number(c.rate()), i == null ? "" : number(i.lower()), i == null ? "" : number(i.upper()),
                    Integer.toString(c.indeterminate()), Integer.toString(c.pending()))).append('\n');
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
            }
            o.put("indeterminate", c.indeterminate()).put("not_run", c.pending());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortCondition(String id) {
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(colon + 1);
    }

    private static String rate(CellResult c) {
        return c.n() == 0 ? "—" : String.format(Locale.ROOT, "%.3f", c.rate());
    }

    private static String interval(Interval i) {
        return i == null ? "—" : String.format(Locale.ROOT, "[%.3f, %.3f]", i.lower(), i.upper());
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
