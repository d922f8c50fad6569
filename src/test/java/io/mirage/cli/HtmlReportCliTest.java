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

/** The HTML report from the command line: written after a run by default, and by `report --html`. */
final class HtmlReportCliTest {
    @TempDir Path tmp;

    record Result(int code, String out, String err) {}

    private Result mirage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private String runId(Result r) {
        Matcher m = Pattern.compile("run (blackmail-[0-9a-f]+)").matcher(r.err());
        assertTrue(m.find(), r.err());
        return m.group(1);
    }

    @Test
    void run_writesTheReportNextToTheStore_andReportWritesItWhereAsked() throws Exception {
        String db = tmp.resolve("w.db").toString();
        Result run = mirage("run", "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.5", "--samples", "2",
                "--condition", "goal=explicit,prohibitions=off", "--db", db, "--transcripts", "3");
        assertEquals(0, run.code(), run.err());
        String id = runId(run);
        Path written = tmp.resolve("reports").resolve(id + ".html");
        assertTrue(run.err().contains("HTML report: " + written.toAbsolutePath()), run.err());
        String html = Files.readString(written);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("Content-Security-Policy"));
        assertTrue(html.contains("data-embedded=\"3\" data-stored=\"6\" data-omitted=\"3\""), "--transcripts limits the embedded ones");

        Path file = tmp.resolve("out/r.html");
        Result report = mirage("report", id, "--html", file.toString(), "--db", db);
        assertEquals(0, report.code(), report.err());
        assertEquals("", report.out(), "with --html alone, no table on stdout");
        assertTrue(report.err().contains("HTML report: " + file), report.err());
        assertTrue(Pattern.compile("Writing HTML report…\\R(.*\\R)*HTML report: .*\\), done in [0-9]+\\.[0-9] s\\R").matcher(report.err()).find(),
                "says it is writing, then that it is done and how long it took: " + report.err());
        assertTrue(Files.readString(file).contains("data-embedded=\"6\" data-stored=\"6\" data-omitted=\"0\""));

        Result both = mirage("report", id, "--html", file.toString(), "--format", "csv", "--db", db);
        assertEquals(0, both.code(), both.err());
        assertTrue(both.out().startsWith("run,model,condition"), "an explicit --format still prints the table");
    }

    @Test
    void noHtml_skipsTheReport_andBadOptionsExitWith2() {
        String db = tmp.resolve("w.db").toString();
        Result run = mirage("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--samples", "1",
                "--condition", "goal=explicit,threat=none,prohibitions=off", "--db", db, "--no-html");
        assertEquals(0, run.code(), run.err());
        assertFalse(run.err().contains("HTML report"));
        assertFalse(Files.exists(tmp.resolve("reports")));

        Result negative = mirage("report", runId(run), "--html", tmp.resolve("x.html").toString(), "--transcripts", "-1", "--db", db);
        assertEquals(2, negative.code());
        assertTrue(negative.err().contains("--transcripts cannot be negative"), negative.err());

        Result unknown = mirage("report", "no-such-run", "--html", tmp.resolve("x.html").toString(), "--db", db);
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no run 'no-such-run'"), unknown.err());
        assertFalse(unknown.err().contains("at io.mirage"), "no stack trace");

        Result folder = mirage("report", runId(run), "--html", tmp.toString(), "--db", db);
        assertEquals(2, folder.code());
        assertTrue(folder.err().contains("is a folder"), folder.err());
    }
}
