package io.mirage.report.html;

import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.StoredOutcome;
import io.mirage.scenario.Canary;
import io.mirage.scenario.HeadlineSpec;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: the headline figure of a scripted run of the mini pack (threat=present as headline, threat=absent as control). */
final class HeadlineChartTest {
    @TempDir static Path tmp;
    private static RunStore store;
    private static RunSpec spec;
    private static ReportData data;
    private static String html;

    @BeforeAll
    static void runOnce() {
        store = SqliteRunStore.open(tmp.resolve("h.db"));
        spec = ReportFixtures.scriptedRun(store, 8);
        data = ReportData.load(store, spec.id(), 0).withFigures(new HeadlineSpec(Map.of("threat", "present"), Map.of("threat", "absent")));
        html = HtmlReport.render(data);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void theReportOpensWithTheHeadlineFigure() {
        int headline = html.indexOf("<section id=\"headline\">");
        assertTrue(headline > 0, "the report has the headline section");
        assertTrue(headline < html.indexOf("<section id=\"plan\""), "it comes before the plan and every rate");
        assertTrue(html.contains("<a href=\"#headline\">Headline</a>"));
    }

    @Test
    void oneBarPerModelAndSide_forEachHarmfulBehaviour_withTheStoredCounts() throws Exception {
        Element svg = headlineSvg();
        List<Element> bars = elements(svg, "g").stream().filter(g -> g.hasAttribute("data-headline")).toList();
        List<RunSpec.BehaviourRef> harmful = spec.behaviours().stream().filter(RunSpec.BehaviourRef::harmful).toList();
        assertFalse(harmful.isEmpty());
        assertEquals(spec.models().size() * 2 * harmful.size(), bars.size(), "models × (headline, control) × harmful behaviours");
        ResultTable table = ResultTable.of(spec, store.outcomes(spec.id()), Verdict.DETECTOR);
        for (Element bar : bars) {
            String condition = "mini:threat=" + (bar.getAttribute("data-role").equals("headline") ? "present" : "absent");
            assertEquals(condition, bar.getAttribute("data-conditions"));
            CellResult cell = table.cells().stream().filter(c -> c.model().equals(bar.getAttribute("data-model"))
                    && c.conditionId().equals(condition) && c.behaviour().equals(bar.getAttribute("data-behaviour"))).findFirst().orElseThrow();
            assertEquals(cell.n(), Integer.parseInt(bar.getAttribute("data-n")), cell.toString());
            assertEquals(cell.k(), Integer.parseInt(bar.getAttribute("data-k")), cell.toString());
            assertEquals(cell.indeterminate(), Integer.parseInt(bar.getAttribute("data-indeterminate")), cell.toString());
            String label = text(bar);
            assertTrue(label.contains("n=" + cell.n()), "the n label: " + label);
            if (cell.n() > 0) {
                assertEquals(1, elements(bar, "rect").size(), "a bar");
                assertEquals(3, elements(bar, "line").stream().filter(l -> l.getAttribute("class").contains("whisker")).count(), "an interval with caps");
                assertTrue(label.contains(cell.k() + "/" + cell.n()), label);
            }
        }
    }

    @Test
    void indeterminateRollouts_areNeverCountedAsNo() throws Exception {
        Element svg = headlineSvg();
        int withIndeterminate = 0;
        for (Element bar : elements(svg, "g")) {
            if (!bar.hasAttribute("data-headline")) continue;
            String condition = bar.getAttribute("data-conditions");
            List<StoredOutcome> verdicts = store.outcomes(spec.id()).stream().filter(o -> o.source().equals(Verdict.DETECTOR)
                    && o.model().equals(bar.getAttribute("data-model")) && o.conditionId().equals(condition)
                    && o.behaviour().equals(bar.getAttribute("data-behaviour"))).toList();
            long yes = verdicts.stream().filter(o -> o.outcome() == Outcome.YES).count();
            long no = verdicts.stream().filter(o -> o.outcome() == Outcome.NO).count();
            long indeterminate = verdicts.size() - yes - no;
            assertEquals(yes + no, Long.parseLong(bar.getAttribute("data-n")), "n is yes + no only");
            assertEquals(indeterminate, Long.parseLong(bar.getAttribute("data-indeterminate")));
            if (indeterminate > 0) {
                withIndeterminate++;
                assertTrue(text(bar).contains(indeterminate + " indet."), text(bar));
                assertTrue(elements(bar, "line").stream().anyMatch(l -> l.getAttribute("class").equals("bounds")), "the bounds band");
            }
        }
        assertTrue(withIndeterminate > 0, "the scripted erratic model leaves indeterminate rollouts, so the check means something");
    }

    @Test
    void theFigureCarriesRunIdMethodAndCanary() throws Exception {
        String all = text(headlineSvg());
        assertTrue(all.contains("Run " + spec.id()), all);
        assertTrue(all.contains("exact 95% Clopper–Pearson"), all);
        assertTrue(all.contains(Canary.GUID), all);
        assertTrue(all.contains("headline: threat=present") && all.contains("control: threat=absent"), all);
    }

    @Test
    void withoutADeclaration_theDefaultRuleIsUsed_andSaid() {
        HeadlineConditions chosen = HeadlineConditions.of(spec.conditions(), HeadlineSpec.NONE);
        assertEquals(List.of("mini:threat=present"), chosen.headline().conditionIds(), "every factor at its first level");
        assertNull(chosen.control(), "no factor has a level 'none', so there is no control");
        assertTrue(chosen.headline().note().contains("no headline declared by the pack"), chosen.headline().note());
        assertTrue(HeadlineChart.svg(ReportData.load(store, spec.id(), 0)).contains("control: none in this run"));
    }

    @Test
    void headlineConditions_declaredPartly_poolOverTheRest_andFallBackWhenAbsent() {
        List<String> ids = List.of("b:goal=explicit,threat=replacement,p=off", "b:goal=explicit,threat=replacement,p=on",
                "b:goal=none,threat=replacement,p=off", "b:goal=none,threat=none,p=off", "b:goal=explicit,threat=none,p=off");
        HeadlineConditions partial = HeadlineConditions.of(ids, new HeadlineSpec(Map.of("goal", "explicit", "threat", "replacement"),
                Map.of("goal", "none", "threat", "none")));
        assertEquals(ids.subList(0, 2), partial.headline().conditionIds());
        assertTrue(partial.headline().note().startsWith("pooled over the run's 2 conditions"), partial.headline().note());
        assertEquals(List.of("b:goal=none,threat=none,p=off"), partial.control().conditionIds());
        assertEquals("", partial.control().note());

        HeadlineConditions absent = HeadlineConditions.of(ids, new HeadlineSpec(Map.of("goal", "latent"), Map.of()));
        assertEquals(List.of(ids.getFirst()), absent.headline().conditionIds());
        assertTrue(absent.headline().note().contains("is not in this run"), absent.headline().note());
        assertEquals(List.of("b:goal=none,threat=none,p=off"), absent.control().conditionIds(), "control: each factor with a 'none' level at none");
    }

    private static Element headlineSvg() throws Exception {
        int start = html.indexOf("<svg class=\"chart headline\"");
        assertTrue(start > 0);
        String svg = html.substring(start, html.indexOf("</svg>", start) + "</svg>".length());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg))).getDocumentElement();
        assertNotNull(root);
        return root;
    }

    private static List<Element> elements(Element root, String tag) {
        NodeList list = root.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) out.add((Element) list.item(i));
        return out;
    }

    /** Text content without the hover titles. */
    private static String text(Element e) {
        StringBuilder sb = new StringBuilder();
        for (Element t : elements(e, "text")) sb.append(t.getTextContent()).append('\n');
        return sb.toString();
    }
}
