package io.mirage.report;

import io.mirage.stats.ConfusionMatrix;
import io.mirage.stats.Interval;
import io.mirage.stats.KappaEstimate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the text report, the HTML report and the serve page show kappa and PABAK (all three use these). */
final class AgreementTextTest {

    /**
     * Issue 10's two examples. PABAK's bounds are ConfusionMatrixTest's Python references: 98/100 agreeing gives
     * [0.859, 0.995], 6/6 gives [0.081, 1].
     */
    @Test
    void issue10_noCollapsedKappaInterval_andPabakBesideIt() {
        ConfusionMatrix leak = new ConfusionMatrix(0, 2, 0, 98);
        assertEquals("0.00 (interval undefined)", Agreement.kappaText(leak));
        assertEquals("0.96 [0.86, 1.00]", Agreement.pabakText(leak));
        ConfusionMatrix six = new ConfusionMatrix(3, 0, 0, 3);
        assertEquals("1.00 (interval undefined)", Agreement.kappaText(six));
        assertEquals("1.00 [0.08, 1.00]", Agreement.pabakText(six));
    }

    @Test
    void undefinedKappa_isPrintedAsUndefined() {
        assertEquals("undefined", Agreement.kappaText(new ConfusionMatrix(12, 0, 0, 0)));
        assertEquals("1.00 [0.47, 1.00]", Agreement.pabakText(new ConfusionMatrix(12, 0, 0, 0)));
        assertEquals("undefined", Agreement.kappaText(new ConfusionMatrix(0, 0, 0, 0)));
        assertEquals("undefined", Agreement.pabakText(new ConfusionMatrix(0, 0, 0, 0)));
    }

    @Test
    void definedKappa_showsItsBootstrapInterval() {
        ConfusionMatrix m = new ConfusionMatrix(88, 10, 14, 40);
        Interval i = KappaEstimate.of(m, 0.95).interval();
        assertEquals(String.format(Locale.ROOT, "0.65 [%.2f, %.2f]", i.lower(), i.upper()), Agreement.kappaText(m));
        assertTrue(i.lower() < 0.6 && i.upper() > 0.7, "a real interval around 0.65: " + i);
    }

    @Test
    void text_hasKappaAndPabakColumns_andExplainsThem() {
        List<Agreement> rows = List.of(
                new Agreement("detector", "judge:j", "leak", new ConfusionMatrix(0, 2, 0, 98), 1),
                new Agreement("detector", "judge:j", "sabotage", new ConfusionMatrix(0, 0, 0, 0), 3));
        String text = Agreement.text(rows);
        String header = text.lines().filter(l -> l.contains("behaviour")).findFirst().orElseThrow();
        assertTrue(header.contains("kappa [95% CI]") && header.contains("PABAK [95% CI]"), header);
        String leak = text.lines().filter(l -> l.contains("leak")).findFirst().orElseThrow();
        assertTrue(leak.matches("\\s+leak\\s+0\\s+2\\s+0\\s+98\\s+0\\.980\\s+0\\.00 \\(interval undefined\\)\\s+0\\.96 \\[0\\.86, 1\\.00\\]\\s+1"), leak);
        String empty = text.lines().filter(l -> l.contains("sabotage")).findFirst().orElseThrow();
        assertTrue(empty.matches("\\s+sabotage\\s+0\\s+0\\s+0\\s+0\\s+undefined\\s+undefined\\s+undefined\\s+3"), empty);
        assertFalse(text.contains("[0.00, 0.00]"));
        String note = text.replaceAll("\\s+", " ");
        assertTrue(note.contains("Byrt, Bishop & Carlin 1993") && note.contains("percentile bootstrap"), text);
        assertTrue(text.lines().allMatch(l -> l.length() <= 160), "the note is wrapped");
    }
}
