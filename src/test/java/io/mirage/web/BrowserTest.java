package io.mirage.web;

import io.mirage.cli.Main;
import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report and `mirage serve` in headless Chromium: a demo run's numbers on the page match the
 * store, a rollout labelled through the form is stored, and hostile model output stays text with no
 * script running. Screenshots go to target/screenshots.
 */
final class BrowserTest {
    @TempDir static Path tmp;
    static Path db;
    /** The report the demo wrote by itself at the end of its run. */
    static Path demoReport;
    static String demoRun;
    static String hostileRun;
    static ServeProcess serve;
    static Browser browser;

    @BeforeAll
    static void setUp() throws Exception {
        Browser.requireChromium();
        db = tmp.resolve("browser.db");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"demo", "--samples", "3", "--db", db.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        java.util.regex.Matcher written = java.util.regex.Pattern.compile("HTML report: (.+?) \\(").matcher(err.toString());
        assertTrue(written.find(), "the demo writes its HTML report and says where: " + err);
        demoReport = Path.of(written.group(1));
        assertTrue(Files.isRegularFile(demoReport), demoReport.toString());
        try (RunStore store = SqliteRunStore.open(db)) {
            demoRun = store.runs().getFirst().id();
            hostileRun = HostileRollout.store(store);
        }
        serve = ServeProcess.start(tmp, Map.of(), "--port", "0", "--db", db.toString());
        browser = Browser.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (browser != null) browser.close();
        if (serve != null) serve.close();
    }

    private static String serveUrl(String path) {
        return serve.url.replaceAll("/$", "") + path;
    }

    /** Page text and DOM show no sign that any payload ran or became markup. */
    private static void assertInert() {
        assertFalse(browser.alertOpen(), "no alert opened");
        assertNull(browser.js("return window.__pwned === undefined ? null : String(window.__pwned)"), "no payload ran");
        assertFalse(browser.driver.getTitle().contains("PWNED"));
        for (WebElement a : browser.driver.findElements(By.tagName("a"))) {
            String href = a.getAttribute("href");
            assertFalse(href != null && href.strip().toLowerCase().startsWith("javascript:"), "a javascript: link: " + href);
        }
        assertTrue(browser.driver.findElements(By.cssSelector("[onerror], [onload], [onclick], img[src='x'], svg[onload], i")).isEmpty(),
                "no element came from the payloads");
    }

    @Test
    void theTestsCanSeeScriptThatRuns() throws Exception {
        // The checks below are only worth something if they notice a script that does run.
        Path page = tmp.resolve("control.html");
        Files.writeString(page, "<!DOCTYPE html><title>control</title><script>window.__pwned='control';alert('control')</script>");
        browser.open(page.toUri().toString());
        assertTrue(browser.alertOpen(), "an alert is seen");
        browser.driver.switchTo().alert().dismiss();
        assertEquals("control", browser.js("return window.__pwned"));
    }

    /** The run's single-file report, written by `mirage report RUN --html FILE`. */
    private static Path reportFile(String runId) {
        Path file = tmp.resolve(runId + ".html");
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"report", runId, "--html", file.toString(), "--db", db.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        return file;
    }

    @Test
    void report_chartsAndTablesMatchTheStore_andATranscriptOpens() throws Exception {
        ResultTable table;
        try (RunStore store = SqliteRunStore.open(db)) {
            table = ResultTable.of(store.run(demoRun).orElseThrow().spec(), store.outcomes(demoRun), store.cellStops(demoRun), Verdict.DETECTOR);
        }
        assertTrue(table.anyStopped(), "the demo stops cells early");
        browser.open(demoReport.toUri().toString());
        assertInert();
        // Every detector chart row and table cell, read in one round trip each: [cell, k, n, shown text].
        @SuppressWarnings("unchecked")
        List<List<Object>> bars = (List<List<Object>>) browser.js("return [...document.querySelectorAll('svg.chart g.bar[data-s=\"0\"]')].map(g => "
                + "[g.dataset.cell, g.dataset.k, g.dataset.n, g.querySelector('text.kn').textContent])");
        @SuppressWarnings("unchecked")
        List<List<Object>> cells = (List<List<Object>>) browser.js("return [...document.querySelectorAll('#rates-0 td[data-table-cell]')].map(td => "
                + "[td.dataset.tableCell, td.dataset.k, td.dataset.n, td.textContent])");
        assertEquals(table.cells().size(), bars.size(), "one chart row per cell");
        assertEquals(table.cells().size(), cells.size(), "one table cell per cell");
        Map<Object, List<Object>> barBy = new java.util.HashMap<>();
        bars.forEach(b -> barBy.put(b.getFirst(), b));
        Map<Object, List<Object>> cellBy = new java.util.HashMap<>();
        cells.forEach(c -> cellBy.put(c.getFirst(), c));
        for (CellResult c : table.cells()) {
            String key = c.model() + "|" + c.conditionId() + "|" + c.behaviour();
            List<Object> bar = barBy.get(key);
            assertNotNull(bar, "no chart row for " + key);
            assertEquals(List.of(Integer.toString(c.k()), Integer.toString(c.n())), bar.subList(1, 3), key);
            assertTrue(((String) bar.get(3)).startsWith(c.k() + "/" + c.n()), key + " shows " + bar.get(3));
            if (c.indeterminate() > 0) assertTrue(((String) bar.get(3)).contains(c.indeterminate() + " indet"), key + " shows " + bar.get(3));
            assertEquals(c.isStopped(), ((String) bar.get(3)).contains("stopped"), key + " shows " + bar.get(3));
            List<Object> cell = cellBy.get(key);
            assertNotNull(cell, "no table cell for " + key);
            assertEquals(List.of(Integer.toString(c.k()), Integer.toString(c.n())), cell.subList(1, 3), key);
        }
        assertTrue(browser.driver.findElement(By.id("filters")).isDisplayed(), "the report's own script ran (allowed by its CSP hash)");
        // the detector's chart only (source 0), as the table is: the judge's charts draw bands of their own
        long boundsShown = (Long) browser.js("return document.querySelectorAll('svg.chart g.bar[data-s=\"0\"] line.bounds').length");
        assertEquals(table.cells().stream().filter(c -> c.indeterminate() > 0 && c.n() > 0).count(), boundsShown,
                "a bounds band for every charted cell with indeterminate rollouts");
        browser.screenshot("report.png");

        // A rollout the detector found blackmail in (behaviour 0, source 0), so its evidence is highlighted.
        List<WebElement> yes = browser.driver.findElements(By.cssSelector("#transcript-list tbody tr[data-v-0-0='yes'] a[href^='#transcript-']"));
        WebElement link = yes.isEmpty() ? browser.driver.findElement(By.cssSelector("#transcript-list tbody tr a[href^='#transcript-']")) : yes.getFirst();
        String id = link.getAttribute("href").substring(link.getAttribute("href").indexOf('#') + 1);
        assertFalse(browser.driver.findElement(By.id(id)).isDisplayed(), "transcripts stay folded until opened");
        link.click();
        WebElement transcript = browser.driver.findElement(By.id(id));
        assertTrue(transcript.isDisplayed(), "the transcript opened");
        assertTrue(transcript.getText().contains("Rollout " + id.substring("transcript-".length())), transcript.getText());
        assertFalse(transcript.findElements(By.cssSelector("li.msg")).isEmpty(), "with its messages");
        browser.screenshot(transcript, "transcript.png");
    }

    @Test
    void report_hostileRollout_isShownAsText_andNoScriptRuns() throws Exception {
        browser.open(reportFile(hostileRun).toUri() + "#transcript-0");
        WebElement transcript = browser.driver.findElement(By.id("transcript-0"));
        assertTrue(transcript.isDisplayed());
        for (WebElement details : transcript.findElements(By.tagName("details"))) details.findElement(By.tagName("summary")).click();
        String text = transcript.getText();
        assertTrue(text.contains(HostileRollout.VISIBLE), "the payload is shown literally");
        assertTrue(text.contains(HostileRollout.MARKDOWN_LINK) && text.contains(HostileRollout.BARE));
        assertInert();
        browser.screenshot(transcript, "report-hostile.png");
    }

    @Test
    void serve_runPage_showsTheStoredCounts() throws Exception {
        browser.open(serveUrl("/"));
        assertTrue(browser.driver.findElement(By.linkText(demoRun)).isDisplayed());
        browser.screenshot("serve-runs.png");
        browser.driver.findElement(By.linkText(demoRun)).click();
        ResultTable table;
        try (RunStore store = SqliteRunStore.open(db)) {
            RunSummary run = store.run(demoRun).orElseThrow();
            table = ResultTable.of(run.spec(), store.outcomes(demoRun), store.cellStops(demoRun), Verdict.DETECTOR);
        }
        long marked = (Long) browser.js("return document.querySelectorAll('tr[data-k] .stopped').length");
        assertEquals(table.cells().stream().filter(c -> c.isStopped() && c.n() > 0).count(), marked, "every stopped cell is marked");
        // One round trip for all rows: the table has a row per model × condition × behaviour.
        @SuppressWarnings("unchecked")
        List<List<Object>> rows = (List<List<Object>>) browser.js("return [...document.querySelectorAll('tr[data-k]')].map(r => "
                + "[r.dataset.model, r.dataset.condition, r.dataset.behaviour, r.dataset.k, r.dataset.n, "
                + "r.cells[3].innerText, r.cells[4].innerText, r.cells[5].innerText])");
        assertEquals(table.cells().size(), rows.size(), "one row per cell");
        Map<List<Object>, List<Object>> byCell = new java.util.HashMap<>();
        for (List<Object> r : rows) byCell.put(r.subList(0, 3), r.subList(3, 8));
        for (CellResult c : table.cells()) {
            List<Object> shown = byCell.get(List.of(c.model(), c.conditionId(), c.behaviour()));
            assertNotNull(shown, "no row for " + c);
            String k = Integer.toString(c.k());
            String n = Integer.toString(c.n());
            assertEquals(List.of(k, n, k, n, Integer.toString(c.indeterminate())), shown, c.toString());
        }
        browser.screenshot("serve-run.png");
        browser.driver.findElement(By.linkText("Full report")).click();
        assertTrue(browser.driver.findElement(By.id("filters")).isDisplayed(), "served with a policy that lets the report's own script run");
        assertInert();
        browser.open(serveUrl(Links.compare(demoRun, hostileRun)));
        browser.screenshot("serve-compare.png");
    }

    @Test
    void serve_labelARollout_throughTheForm_storesIt() throws Exception {
        browser.open(serveUrl("/transcripts?run=" + Links.enc(demoRun) + "&behaviour=blackmail&verdict=yes"));
        browser.screenshot("serve-transcripts.png");
        WebElement first = browser.driver.findElement(By.cssSelector("#transcripts tbody tr td.num a"));
        int index = Integer.parseInt(first.getText());
        first.click();
        assertTrue(browser.driver.getCurrentUrl().endsWith(Links.rollout(demoRun, index)), browser.driver.getCurrentUrl());

        WebElement form = browser.driver.findElement(By.cssSelector("form.label-form[data-behaviour='blackmail']"));
        form.findElement(By.cssSelector("input[name='value'][value='no']")).click();
        form.findElement(By.name("note")).sendKeys("Mentions the affair but asks for nothing <b>in return</b>");
        form.findElement(By.cssSelector("button[type='submit']")).click();
        WebElement saved = waitFor(By.id("saved"));
        assertTrue(saved.getText().contains("blackmail"));

        try (RunStore store = SqliteRunStore.open(db)) {
            HumanLabel label = store.labels(demoRun).stream().filter(l -> l.index() == index && l.behaviour().equals("blackmail"))
                    .findFirst().orElseThrow(() -> new AssertionError("the label was not stored"));
            assertEquals(LabelValue.NO, label.value());
            assertEquals("Mentions the affair but asks for nothing <b>in return</b>", label.note());
        }
        WebElement human = browser.driver.findElement(By.cssSelector("#label-blackmail tr[data-source='human']"));
        assertTrue(human.getText().contains("no") && human.getText().contains("<b>in return</b>"), human.getText());
        WebElement detector = browser.driver.findElement(By.cssSelector("#label-blackmail tr[data-source='detector']"));
        assertTrue(detector.getText().contains("yes"), "the detector's verdict is shown beside it: " + detector.getText());
        browser.screenshot("serve-transcript.png");

        browser.open(serveUrl(Links.agreement(demoRun)));
        String row = (String) browser.js("return document.querySelector('#agreement tr[data-behaviour=\"blackmail\"][data-source=\"detector\"]').innerText");
        assertTrue(row.matches("(?s)blackmail\\s+detector\\s+\\d+\\s+\\d+\\s+[1-9]\\d*\\s+.*"), "the human no against the detector's yes is counted: " + row);
        browser.screenshot("serve-agreement.png");
    }

    @Test
    void serve_hostileRollout_isShownAsText_andNoScriptRuns() throws Exception {
        browser.open(serveUrl(Links.rollout(hostileRun, 0)));
        String text = browser.driver.findElement(By.tagName("body")).getText();
        assertTrue(text.contains(HostileRollout.VISIBLE), "the payload is shown literally");
        assertTrue(text.contains(HostileRollout.MARKDOWN_LINK) && text.contains(HostileRollout.BARE));
        assertInert();
        for (WebElement details : browser.driver.findElements(By.tagName("details"))) {
            details.findElement(By.tagName("summary")).click();
        }
        assertInert();
        browser.screenshot("serve-hostile.png");
        for (String path : List.of(Links.run(hostileRun), "/transcripts?run=" + Links.enc(hostileRun), Links.compare(hostileRun, demoRun))) {
            browser.open(serveUrl(path));
            assertInert();
        }
    }

    private static WebElement waitFor(By by) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            List<WebElement> found = browser.driver.findElements(by);
            if (!found.isEmpty()) return found.getFirst();
            if (System.nanoTime() > deadline) throw new AssertionError("nothing matched " + by + " on " + browser.driver.getCurrentUrl());
            Thread.sleep(50);
        }
    }

}
