package io.mirage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13 from the command line: `report RUN --figures DIR [--png]`, with the built-in pack's headline and control. */
final class FiguresCliTest {
    @TempDir Path tmp;

    record Result(int code, String out, String err) {}

    private static Result mirage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void figures_areWrittenAsSvg_withThePacksHeadlineAndControl() throws Exception {
        String db = tmp.resolve("w.db").toString();
        Result run = mirage("run", "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.5", "--samples", "1",
                "--condition", "prohibitions=off", "--db", db, "--no-html");
        assertEquals(0, run.code(), run.err());
        Matcher m = Pattern.compile("run (blackmail-[0-9a-f]+)").matcher(run.err());
        assertTrue(m.find(), run.err());
        String id = m.group(1);

        Path dir = tmp.resolve("figs");
        Result report = mirage("report", id, "--figures", dir.toString(), "--html", tmp.resolve("r.html").toString(), "--db", db);
        assertEquals(0, report.code(), report.err());
        assertEquals("", report.out(), "with --figures, no table on stdout");
        assertTrue(report.err().contains("Figures: ") && report.err().contains(dir.toString()), report.err());
        String headline = Files.readString(dir.resolve("headline.svg"));
        assertTrue(headline.contains("data-conditions=\"blackmail:goal=explicit,threat=replacement,prohibitions=off,coo_response=refuses,ceo_response=refuses,stakeholders=silent\""), "the pack's headline");
        assertTrue(headline.contains("data-conditions=\"blackmail:goal=none,threat=none,prohibitions=off,coo_response=refuses,ceo_response=refuses,stakeholders=silent\""), "the pack's control");
        assertFalse(headline.contains("default rule"), "declared, not by the rule");
        assertTrue(Files.exists(dir.resolve("rates-blackmail.svg")) && Files.exists(dir.resolve("heatmap-blackmail-goal-x-threat.svg")));
        assertFalse(Files.exists(dir.resolve("headline.png")), "PNG only with --png");
        String html = Files.readString(tmp.resolve("r.html"));
        assertTrue(html.contains("data-conditions=\"blackmail:goal=explicit,threat=replacement,prohibitions=off,coo_response=refuses,ceo_response=refuses,stakeholders=silent\""), "the HTML report's headline too");
    }

    @Test
    void png_withoutFigures_isAUsageError() {
        Result r = mirage("report", "any-run", "--png", "--db", tmp.resolve("none.db").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--png needs --figures DIR"), r.err());
    }
}
