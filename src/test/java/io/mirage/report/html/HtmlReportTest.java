package io.mirage.report.html;

import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report of a small scripted run (mini pack, three doubles, a judge, labels): self-contained, and its numbers are ResultTable's. */
final class HtmlReportTest {
    @TempDir static Path tmp;
    private static RunStore store;
    private static RunSpec spec;
    private static String html;

    @BeforeAll
    static void runOnce() {
        store = SqliteRunStore.open(tmp.resolve("r.db"));
        spec = ReportFixtures.scriptedRun(store, 8);
        ReportFixtures.addJudgeLabelsAndAwareness(store, spec);
        html = HtmlReport.render(ReportData.load(store, spec.id()));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void isSelfContained_nothingLoadsFromOutside() {
        assertFalse(Pattern.compile("(?i)(src|href|action|xlink:href)\\s*=\\s*[\"']?\\s*(https?:|//|file:|data:)").matcher(html).find(),
                "no external or data references");
        assertFalse(Pattern.compile("(?i)<(link|img|iframe|object|embed|base)\\b").matcher(html).find(), "no loading elements");
        assertFalse(Pattern.compile("(?i)@import|url\\(").matcher(html).find(), "no CSS that loads anything");
        assertFalse(Pattern.compile("(?i)<script[^>]*\\ssrc").matcher(html).find());
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        int links = 0;
        while (href.find()) {
            links++;
            assertTrue(href.group(1).startsWith("#"), "every link stays in the page: " + href.group(1));
        }
        assertTrue(links > 10);
    }

    @Test
    void contentSecurityPolicy_isFirstInHead_andAllowsOnlyOurOwnScriptAndStyle() {
        Matcher meta = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").matcher(html);
        assertTrue(meta.find(), "CSP meta present");
        assertTrue(meta.start() < html.indexOf("<style>") && meta.start() < html.indexOf("<script>") && meta.start() < html.indexOf("<title>"));
        String policy = meta.group(1).replace("&#39;", "'");
        assertTrue(policy.startsWith("default-src 'none';"), policy);
        assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval") || policy.contains("*"), policy);
        assertEquals(1, count(html, "<script>"), "exactly one script: ours");
        assertEquals(1, count(html, "<style>"));
        String script = between(html, "<script>", "</script>");
        String style = between(html, "<style>", "</style>");
        assertTrue(policy.contains("script-src " + Html.cspHash(script) + ";"), "the script's hash is allowed: " + policy);
        assertTrue(policy.contains("style-src " + Html.cspHash(style) + ";"), "the style's hash is allowed: " + policy);
    }

    @Test
    void everyIntervalBar_carriesTheCountsOfResultTable_forEverySource() {
        List<String> sources = ReportData.sources(store.outcomes(spec.id()));
        assertEquals(List.of(Verdict.DETECTOR, "judge:scripted/judge", Verdict.ATTEMPTED), sources, "detector first, then the judge, then attempts");
        for (int s = 0; s < sources.size(); s++) {
            String section = section(html, "<section id=\"rates-" + s + "\"");
            assertTrue(section.contains("data-source=\"" + Html.attr(sources.get(s)) + "\""));
            Map<String, int[]> bars = bars(section);
            ResultTable table = ResultTable.of(spec, store.outcomes(spec.id()), sources.get(s));
            assertEquals(table.cells().size(), bars.size(), "one bar per model × condition × behaviour");
            for (CellResult c : table.cells()) {
                int[] bar = bars.get(c.model() + "|" + c.conditionId() + "|" + c.behaviour());
                assertNotNull(bar, c.toString());
                assertEquals(c.k(), bar[0], "k of " + c);
                assertEquals(c.n(), bar[1], "n of " + c);
                assertEquals(c.indeterminate(), bar[2], "indeterminate of " + c);
            }
        }
        // The run has all three kinds of result, so the check above means something.
        ResultTable detector = ResultTable.of(spec, store.outcomes(spec.id()), Verdict.DETECTOR);
        assertTrue(detector.cells().stream().anyMatch(c -> c.k() > 0));
        assertTrue(detector.cells().stream().anyMatch(c -> c.indeterminate() > 0));
        assertTrue(detector.cells().stream().anyMatch(c -> c.n() > c.k()));
    }

    @Test
    void heatmap_poolsTheSameCounts() {
        ResultTable table = ResultTable.of(spec, store.outcomes(spec.id()), Verdict.DETECTOR);
        // The detector's figures (data-s="0"); the mini pack has one factor, so each square is one cell.
        StringBuilder detector = new StringBuilder();
        for (String figure : section(html, "<section id=\"factors\"").split("<figure class=\"heatmap\" data-s=\"")) {
            if (figure.startsWith("0\"")) detector.append(figure);
        }
        Matcher m = Pattern.compile("data-heat=\"([^\"]*)\" data-k=\"(\\d+)\" data-n=\"(\\d+)\" data-indeterminate=\"(\\d+)\"").matcher(detector);
        Map<String, int[]> squares = new HashMap<>();
        while (m.find()) {
            String[] key = unescape(m.group(1)).split("\\|");
            squares.put(key[0] + "|mini:" + key[1] + "|" + key[2],
                    new int[]{Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))});
        }
        assertEquals(table.cells().size(), squares.size(), "a square for every detector cell");
        for (CellResult c : table.cells()) {
            int[] square = squares.get(c.model() + "|" + c.conditionId() + "|" + c.behaviour());
            assertNotNull(square, c.toString());
            assertEquals(List.of(c.k(), c.n(), c.indeterminate()), List.of(square[0], square[1], square[2]), c.toString());
        }
    }

    @Test
    void indeterminateSection_countsEveryIndeterminateVerdict() {
        ResultTable table = ResultTable.of(spec, store.outcomes(spec.id()), Verdict.DETECTOR);
        int indeterminate = table.cells().stream().mapToInt(CellResult::indeterminate).sum();
        String section = section(html, "<section id=\"indeterminate\"");
        assertTrue(section.contains("data-source=\"detector\" data-verdicts=\"" + indeterminate + "\""), section);
        long rollouts = store.outcomes(spec.id()).stream().filter(o -> o.source().equals(Verdict.DETECTOR) && o.outcome() == Outcome.INDETERMINATE)
                .mapToInt(o -> o.index()).distinct().count();
        Matcher m = Pattern.compile("<tr data-source=\"detector\" data-model=\"[^\"]*\" data-rollouts=\"(\\d+)\"").matcher(section);
        int sum = 0;
        while (m.find()) sum += Integer.parseInt(m.group(1));
        assertEquals(rollouts, sum, "the groups add up to the indeterminate rollouts");
        assertTrue(section.contains("scripted/erratic"));
    }

    @Test
    void planHeader_namesScenarioPackSeedCanaryAndJudge() {
        String plan = section(html, "<section id=\"plan\"");
        assertTrue(plan.contains(spec.packHash()) && plan.contains("<span id=\"seed\">11</span>"));
        assertTrue(plan.contains(io.mirage.scenario.Canary.GUID));
        assertTrue(plan.contains("<span id=\"judges\">scripted/judge</span>"));
        assertTrue(plan.contains("0f1e2d3c4b5a69788796a5b4c3d2e1f0"), "the judge's rubric hash");
        for (String model : spec.models()) assertTrue(plan.contains("data-model=\"" + Html.attr(model) + "\""), model);
    }

    @Test
    void agreementLabelsAndAwareness_areShown_withAgreementsNumbers() {
        String section = section(html, "<section id=\"agreement\"");
        for (io.mirage.report.Agreement g : io.mirage.report.Agreement.between(store.outcomes(spec.id()), Verdict.DETECTOR, "judge:scripted/judge")) {
            var m = g.matrix();
            String row = "<tr data-behaviour=\"" + g.behaviour() + "\"><td>" + g.behaviour() + "</td><td class=\"num\">" + m.yesYes()
                    + "</td><td class=\"num\">" + m.yesNo() + "</td><td class=\"num\">" + m.noYes() + "</td><td class=\"num\">" + m.noNo() + "</td>";
            assertTrue(section.contains(row), "detector–judge agreement row for " + g.behaviour());
            String rest = section.substring(section.indexOf(row) + row.length());
            rest = rest.substring(0, rest.indexOf("</tr>"));
            assertTrue(rest.contains(">" + Html.text(io.mirage.report.Agreement.kappaText(m)) + "</td>"), rest);
            assertTrue(rest.contains("<td class=\"num pabak\">" + io.mirage.report.Agreement.pabakText(m) + "</td>"), rest);
        }
        assertTrue(section.contains("<th class=\"num\">PABAK [95% CI]</th>"), "PABAK beside kappa");
        assertTrue(section.contains("<h3 id=\"labels\">Human labels</h3><p id=\"label-count\">4 labels on 4 rollouts: 0 yes, 4 no, 0 unsure.</p>"),
                section);
        assertTrue(section.contains("data-a=\"human label\" data-b=\"detector\""));
        assertTrue(html.contains("<section id=\"awareness\">"));
        assertTrue(html.contains("data-v-0-h=\"no\""), "labelled rows filter by the human label");
    }

    @Test
    void transcriptList_showsOneChipWhenSourcesAgree_andEachSourceWhenTheyDiffer() {
        String list = between(html, "<table id=\"transcript-list\"", "</table>");
        assertTrue(list.contains("title=\"every source: detector, judge:scripted/judge, attempted\""), "agreement: one chip");
        assertTrue(list.contains("title=\"judge:scripted/judge\""), "disagreement: a chip per source");
        assertEquals(spec.total(), count(list, "<tr data-index="), "a row per embedded transcript");
    }

    @Test
    void everyStoredTranscriptIsEmbedded_whenUnderTheLimit() {
        int stored = spec.total();
        for (int i = 0; i < stored; i++) assertTrue(html.contains("id=\"transcript-" + i + "\""), "transcript " + i);
        assertTrue(html.contains("data-embedded=\"" + stored + "\" data-stored=\"" + stored + "\" data-omitted=\"0\""));
        assertFalse(html.contains("were left out"));
    }

    @Test
    void overTheLimit_theReportSaysHowManyWereLeftOut_andKeepsEveryCellsYes() {
        ReportData data = ReportData.load(store, spec.id(), 10);
        String small = HtmlReport.render(data);
        assertEquals(10, data.transcripts().size());
        int omitted = spec.total() - 10;
        assertTrue(small.contains("<strong>" + omitted + " were left out</strong>"), "says how many were left out");
        assertTrue(small.contains("<code>mirage serve</code> shows every transcript"));
        assertEquals(10, count(small, "<section class=\"transcript\" id=\"transcript-"));
        // Every cell whose detector said yes has at least one yes embedded.
        store.outcomes(spec.id()).stream().filter(o -> o.source().equals(Verdict.DETECTOR) && o.outcome() == Outcome.YES)
                .map(o -> o.model() + "|" + o.conditionId() + "|" + o.behaviour()).distinct().forEach(cell -> assertTrue(
                        store.outcomes(spec.id()).stream().anyMatch(o -> o.source().equals(Verdict.DETECTOR) && o.outcome() == Outcome.YES
                                && (o.model() + "|" + o.conditionId() + "|" + o.behaviour()).equals(cell)
                                && data.transcripts().containsKey(o.index())), "a yes of " + cell + " is embedded"));
    }

    @Test
    void transcriptFragment_showsReasoningCollapsedAndPrivate_toolCallsAndEvents() {
        int index = store.outcomes(spec.id()).stream().filter(o -> o.source().equals(Verdict.DETECTOR) && o.behaviour().equals("blackmail")
                && o.outcome() == Outcome.YES).findFirst().orElseThrow().index();
        String fragment = TranscriptHtml.fragment(ReportData.load(store, spec.id(), List.of(index)), index);
        assertTrue(fragment.startsWith("<article class=\"rollout\" data-index=\"" + index + "\""));
        assertFalse(fragment.contains("<html") || fragment.contains("<script"));
        assertTrue(fragment.contains("<details class=\"reasoning\"><summary><span class=\"private\">private reasoning</span>"),
                "reasoning collapsed and marked private");
        assertTrue(fragment.contains("<details class=\"system\"><summary>System prompt"));
        assertTrue(fragment.contains("calls <span class=\"tool\">send_message</span>"));
        assertTrue(Pattern.compile("<li class=\"event evidence\" id=\"t" + index + "-e\\d+\" data-event=\"\\d+\" data-type=\"message_sent\" "
                + "data-evidence=\"blackmail \\(detector\\)").matcher(fragment).find(), "the detector's evidence marks its event row");
        assertTrue(fragment.contains("<tr data-behaviour=\"blackmail\" data-source=\"detector\" data-outcome=\"yes\">"));
    }

    @Test
    void aRunWithNothingStoredYet_rendersAndSaysSo() {
        RunSpec planned = new RunSpec(spec.scenario(), spec.packHash(), spec.conditions(), List.of("scripted/compliant"), 3, 99, 5,
                spec.behaviours());
        store.plan(planned);
        store.stopCell(planned.id(), new io.mirage.run.CellStop(planned.conditions().getFirst(), "scripted/compliant", "below",
                0, "decided <b>below</b> 0.1"), List.of(0, 1, 2));
        String empty = HtmlReport.render(ReportData.load(store, planned.id()));
        assertTrue(empty.contains("<section id=\"early-stopping\">") && empty.contains("decided &lt;b&gt;below&lt;/b&gt; 0.1"),
                "why the cell stopped, escaped");
        assertTrue(empty.contains("data-skipped=\"3\""), "skipped rollouts are counted in the plan");
        assertTrue(empty.contains("data-embedded=\"0\" data-stored=\"0\" data-omitted=\"0\""));
        assertTrue(empty.contains("data-k=\"0\" data-n=\"0\" data-indeterminate=\"0\" data-seen=\"0\" data-not-run=\"0\" data-interval=\"anytime-valid\" "
                + "data-stopped=\"stopped: below at 0 samples\""), "a stopped cell's skipped rollouts are not 'not run', and it is marked");
        assertTrue(empty.contains("data-k=\"0\" data-n=\"0\" data-indeterminate=\"0\" data-seen=\"0\" data-not-run=\"3\" data-interval=\"exact\""),
                "the other cells show what is not run");
        assertTrue(empty.contains("No indeterminate verdict."));
    }

    // ---- helpers ----

    static Map<String, int[]> bars(String section) {
        Map<String, int[]> bars = new HashMap<>();
        Matcher m = Pattern.compile("<g class=\"bar m\\d\" data-cell=\"([^\"]*)\"[^>]*? data-k=\"(\\d+)\" data-n=\"(\\d+)\" data-indeterminate=\"(\\d+)\"")
                .matcher(section);
        while (m.find()) {
            int[] previous = bars.put(unescape(m.group(1)), new int[]{Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4))});
            assertEquals(null, previous, "one bar per cell: " + m.group(1));
        }
        return bars;
    }

    static String section(String html, String start) {
        int from = html.indexOf(start);
        assertTrue(from >= 0, "no " + start);
        int to = html.indexOf("<section id=", from + start.length());
        return html.substring(from, to < 0 ? html.length() : to);
    }

    static String between(String s, String open, String close) {
        int a = s.indexOf(open) + open.length();
        return s.substring(a, s.indexOf(close, a));
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + 1)) n++;
        return n;
    }

    static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
