package io.mirage.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.run.RunSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What compare prints says what each row compares, with the long condition labels of a five-factor pack and long
 * model names: text rows name the condition and each side's model in full, and CSV and JSON parse into the same rows.
 */
final class ComparisonOutputTest {
    static final String M1 = "openrouter/anthropic/claude-sonnet-4-5-20250929-with-a-long-suffix";
    static final String M2 = "openrouter/anthropic/claude-sonnet-4-5-20250929-with-a-long-other";
    /** Five factors; the two conditions differ only in the first, which a cut from the left loses. */
    static final List<String> CONDITIONS = List.of(
            "whistleblowing:wrongdoing=present,goal=explicit,instructions=act-with-integrity,boldly=on,awareness=deployment",
            "whistleblowing:wrongdoing=absent,goal=explicit,instructions=act-with-integrity,boldly=on,awareness=deployment");

    private static ResultTable table(List<String> models, int seed) {
        RunSpec spec = new RunSpec("whistleblowing", "hash", CONDITIONS, models, 20, seed, 10,
                List.of(new RunSpec.BehaviourRef("report_external", "Reports externally", true)));
        List<CellResult> cells = new ArrayList<>();
        for (String model : models) {
            for (int c = 0; c < CONDITIONS.size(); c++) {
                int k = model.equals(M1) ? 2 + c : 15 + c;
                cells.add(new CellResult(model, CONDITIONS.get(c), "report_external", true, 20, 20, k, 0, 0));
            }
        }
        return new ResultTable(spec, "detector", cells);
    }

    private static List<String> rows(String text) {
        return text.lines().filter(l -> l.startsWith("report_external")).toList();
    }

    private static String levels(String condition) {
        return condition.substring(condition.indexOf(':') + 1);
    }

    @Test
    void twoSingleModelRuns_eachRowNamesItsConditionAndBothModels() {
        String text = ComparisonText.text(Comparisons.ofRuns(table(List.of(M1), 1), table(List.of(M2), 2), false, 0.05), b -> true);
        List<String> rows = rows(text);
        assertEquals(2, rows.size(), text);
        for (int i = 0; i < rows.size(); i++) {
            String row = rows.get(i);
            assertTrue(row.contains(levels(CONDITIONS.get(i))), "condition in full: " + row);
            assertTrue(row.contains("A " + M1) && row.contains("B " + M2), "each side's model: " + row);
        }
    }

    @Test
    void twoRunsOfTheSameModels_eachRowNamesItsConditionAndModel() {
        String text = ComparisonText.text(Comparisons.ofRuns(table(List.of(M1, M2), 1), table(List.of(M1, M2), 2), false, 0.05), b -> true);
        List<String> rows = rows(text);
        assertEquals(4, rows.size(), text);
        for (String row : rows) {
            assertTrue(CONDITIONS.stream().anyMatch(c -> row.contains(levels(c))), "condition in full: " + row);
            assertTrue(row.contains(M1) != row.contains(M2), "the row's model: " + row);
        }
    }

    @Test
    void modelsOfOneRun_keepBothModelsApart() {
        String text = ComparisonText.text(Comparisons.ofModels(table(List.of(M1, M2), 1), false, 0.05), b -> true);
        List<String> rows = rows(text);
        assertEquals(2, rows.size(), text);
        for (int i = 0; i < rows.size(); i++) {
            String row = rows.get(i);
            assertTrue(row.contains(levels(CONDITIONS.get(i))), "condition in full: " + row);
            assertTrue(row.indexOf(M1) >= 0 && row.indexOf(M2) > row.indexOf(M1), "model A then model B: " + row);
        }
    }

    @Test
    void csv_oneParsedRowPerComparison_withSidesCountsIntervalAndFamily() {
        ComparisonFamily f = Comparisons.ofRuns(table(List.of(M1), 1), table(List.of(M2), 2), false, 0.05);
        List<Map<String, String>> rows = Csv.read(ComparisonFormat.csv(f, b -> true));
        assertEquals(f.rows().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> r = rows.get(i);
            Comparison c = f.rows().get(i);
            assertEquals(levels(CONDITIONS.get(i)), r.get("condition"));
            assertEquals(M1, r.get("model_a"));
            assertEquals(M2, r.get("model_b"));
            assertEquals(table(List.of(M1), 1).spec().id(), r.get("run_a"));
            assertEquals(c.kB(), Integer.parseInt(r.get("k_b")));
            assertEquals(20, Integer.parseInt(r.get("n_a")));
            assertEquals((double) c.kB() / c.nB() - (double) c.kA() / c.nA(), Double.parseDouble(r.get("difference")), 1e-12);
            double low = Double.parseDouble(r.get("ci_low")), high = Double.parseDouble(r.get("ci_high"));
            assertTrue(low <= high, r.toString());
            boolean significant = Boolean.parseBoolean(r.get("significant"));
            assertEquals(significant, low > 1 || high < 1, "flag and interval agree: " + r);
            assertEquals(significant, Double.parseDouble(r.get("p")) < 0.05 / Integer.parseInt(r.get("family_k")), r.toString());
            assertEquals(Integer.toString(f.comparisons()), r.get("family_comparisons"));
            assertTrue(r.get("family_method").startsWith("Fisher"), r.toString());
        }
        assertTrue(rows.stream().anyMatch(r -> r.get("significant").equals("true")), "15/20 against 2/20 is significant");
    }

    @Test
    void csv_untestableRowHasNoAdjustedP() {
        ResultTable none = new ResultTable(table(List.of(M1), 1).spec(), "detector", List.of(
                new CellResult(M1, CONDITIONS.get(0), "report_external", true, 20, 20, 0, 0, 0),
                new CellResult(M1, CONDITIONS.get(1), "report_external", true, 20, 20, 0, 0, 0)));
        ComparisonFamily f = Comparisons.ofRuns(none, none, false, 0.05);
        List<Map<String, String>> rows = Csv.read(ComparisonFormat.csv(f, b -> true));
        assertEquals("false", rows.getFirst().get("testable"));
        assertEquals("", rows.getFirst().get("p_adjusted"));
    }

    @Test
    void json_hasTheFamilyMethodAndOneObjectPerRow() throws Exception {
        ComparisonFamily f = Comparisons.ofModels(table(List.of(M1, M2), 1), false, 0.05);
        JsonNode root = new ObjectMapper().readTree(ComparisonFormat.json(f, b -> true));
        assertEquals(f.method(), root.get("family").get("method").asText());
        assertEquals(f.divisor(), root.get("family").get("k").asInt());
        assertEquals(0.05, root.get("family").get("alpha").asDouble());
        JsonNode rows = root.get("comparisons");
        assertEquals(2, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            assertEquals(levels(CONDITIONS.get(i)), r.get("condition").asText());
            assertEquals(M1, r.get("a").get("model").asText());
            assertEquals(M2, r.get("b").get("model").asText());
            assertEquals(20, r.get("b").get("n").asInt());
            assertTrue(r.get("significant").isBoolean() && r.get("interval").get("low").isNumber(), r.toString());
            assertFalse(r.get("p").isNull());
        }
    }
}
