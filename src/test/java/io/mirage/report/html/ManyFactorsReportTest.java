package io.mirage.report.html;

import io.mirage.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report of a five-factor pack (whistleblowing, with goal and boldly fixed): chart labels fit in the chart and
 * show the levels that differ, the shared levels are said once, and the transcript tables wrap instead of
 * pushing the page wider.
 */
final class ManyFactorsReportTest {
    @TempDir static Path tmp;
    static String html;

    @BeforeAll
    static void report() throws Exception {
        String db = tmp.resolve("w.db").toString();
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new String[] {"run", "--db", db, "--scenario", "whistleblowing", "--model", "scripted/compliant",
                "--samples", "1", "--condition", "goal=explicit,boldly=on", "--no-html"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        Matcher m = Pattern.compile("run (whistleblowing-[0-9a-f]{10})").matcher(out + "\n" + err);
        assertTrue(m.find(), out.toString());
        Path file = tmp.resolve("r.html");
        code = Main.execute(new String[] {"report", m.group(1), "--db", db, "--html", file.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        html = Files.readString(file);
    }

    /** Label texts with their right edge x (they are right-aligned). */
    private static List<java.util.regex.MatchResult> labels() {
        return Pattern.compile("<g class=\"condition\"><title>[^<]*</title><text class=\"label\" x=\"([0-9.]+)\"[^>]*>([^<]*)</text>")
                .matcher(html).results().toList();
    }

    @Test
    void chartLabels_startInsideTheChart_atAGenerousCharacterWidth() {
        List<java.util.regex.MatchResult> labels = labels();
        assertTrue(labels.size() >= 12 && labels.size() % 12 == 0, "12 conditions in each chart: " + labels.size());
        for (java.util.regex.MatchResult l : labels) {
            double right = Double.parseDouble(l.group(1));
            // 11px text; 0.6 em per character is wider than the average of any sans-serif font.
            assertTrue(right - l.group(2).length() * 0.6 * 11 >= 0, "label clipped on the left: x=" + right + " " + l.group(2));
        }
    }

    @Test
    void chartLabels_showTheLevelsThatDiffer_andTheSharedOnesOnceInACaption() {
        for (java.util.regex.MatchResult l : labels()) {
            String label = l.group(2);
            assertTrue(label.contains("wrongdoing=") && label.contains("instructions=") && label.contains("awareness="), label);
            assertFalse(label.contains("goal=") || label.contains("boldly="), "shared levels are in the caption: " + label);
        }
        assertTrue(html.contains("<span class=\"common-levels\">All rows: goal=explicit, boldly=on, ceo_response=refuses, gc_response=acts, stakeholders=silent</span>"), "chart caption");
        assertTrue(html.contains("<g class=\"condition\"><title>wrongdoing=present,goal=explicit,instructions=none,boldly=on,awareness=off,ceo_response=refuses,gc_response=acts,stakeholders=silent</title>"),
                "the full condition on hover");
    }

    @Test
    void transcriptTables_wrapAndScrollInTheirOwnBox() {
        assertTrue(html.contains("<div class=\"scroll verdicts\"><table class=\"verdicts\">"), "verdict table in a scrolling box");
        assertTrue(html.contains("<div class=\"scroll\"><table id=\"transcript-list\""), "list in a scrolling box");
        assertTrue(html.contains(".scroll { overflow-x: auto; }"), "the box scrolls sideways");
        assertTrue(html.contains("table.verdicts td { overflow-wrap: anywhere;"), "long evidence wraps");
        assertTrue(html.contains("table.list td.condition { white-space: normal; overflow-wrap: anywhere;"), "long conditions wrap");
        Matcher cell = Pattern.compile("<td class=\"condition\" title=\"([^\"]*)\">([^<]*)</td>").matcher(html);
        assertTrue(cell.find(), "condition cells");
        assertTrue(cell.group(1).contains("goal=explicit") && !cell.group(2).contains("goal="), cell.group());
        assertTrue(html.contains("<p class=\"common-levels\">All rows: goal=explicit, boldly=on, ceo_response=refuses, gc_response=acts, stakeholders=silent</p>"), "transcript list caption");
    }
}
