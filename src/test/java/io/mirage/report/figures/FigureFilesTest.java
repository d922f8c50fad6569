package io.mirage.report.figures;

import io.mirage.report.html.ReportData;
import io.mirage.report.html.ReportFixtures;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.scenario.Canary;
import io.mirage.scenario.HeadlineSpec;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: every chart of a scripted run's report as a standalone SVG (and PNG) file. */
final class FigureFilesTest {
    @TempDir static Path tmp;
    private static RunStore store;
    private static RunSpec spec;
    private static List<Path> written;

    @BeforeAll
    static void writeOnce() throws Exception {
        store = SqliteRunStore.open(tmp.resolve("f.db"));
        spec = ReportFixtures.scriptedRun(store, 6);
        ReportData data = ReportData.load(store, spec.id(), 0)
                .withFigures(new HeadlineSpec(Map.of("threat", "present"), Map.of("threat", "absent")));
        written = FigureFiles.write(data, tmp.resolve("figures"), true);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void filesAreNamedByChart_headlineRatesAndHeatmapsOfEveryBehaviour() {
        Set<String> names = new TreeSet<>();
        written.forEach(p -> names.add(p.getFileName().toString()));
        assertTrue(names.contains("headline.svg") && names.contains("headline.png"), names.toString());
        for (RunSpec.BehaviourRef b : spec.behaviours()) {
            assertTrue(names.contains("rates-" + b.id() + ".svg"), names.toString());
            assertTrue(names.contains("heatmap-" + b.id() + "-threat.svg"), names.toString());
        }
        assertTrue(names.contains("rates-blackmail.attempted.svg"), "other verdict sources are suffixed: " + names);
        assertEquals("headline.svg", written.get(0).getFileName().toString(), "the headline first");
    }

    @Test
    void everySvg_isStandalone_namespaceSizeViewBoxStylesAndFonts() throws Exception {
        for (Path file : svgs()) {
            Element root = parse(file);
            assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI(), file.toString());
            assertEquals("svg", root.getLocalName());
            int width = Integer.parseInt(root.getAttribute("width")), height = Integer.parseInt(root.getAttribute("height"));
            assertEquals("0 0 " + width + " " + height, root.getAttribute("viewBox"), file.toString());
            assertTrue(root.getAttribute("font-family").endsWith("sans-serif"), "a generic family last, so any system renders it");
            for (Element t : elements(root, "text")) {
                assertTrue(t.hasAttribute("fill"), "text styled on the element, not by the page: " + file + " " + t.getTextContent());
            }
            for (Element line : elements(root, "line")) assertTrue(line.hasAttribute("stroke"), file + ": " + line.getAttribute("class"));
            assertTrue(elements(root, "a").isEmpty(), "no page links");
            String text = Files.readString(file);
            assertFalse(text.contains("var(") || text.contains("transparent") || text.contains("<style"), "nothing from the page's CSS");
        }
    }

    @Test
    void everySvg_carriesRunIdMethodAndCanary() throws Exception {
        for (Path file : svgs()) {
            StringBuilder all = new StringBuilder();
            for (Element t : elements(parse(file), "text")) all.append(t.getTextContent()).append('\n');
            assertTrue(all.toString().contains("Run " + spec.id()), file + ": " + all);
            assertTrue(all.toString().contains("exact 95% Clopper–Pearson"), file + ": " + all);
            assertTrue(all.toString().contains("Canary " + Canary.GUID), file + ": " + all);
        }
    }

    @Test
    void theHeadlineFile_hasABarPerModelAndSide() throws Exception {
        Element root = parse(tmp.resolve("figures/headline.svg"));
        long bars = elements(root, "g").stream().filter(g -> g.hasAttribute("data-headline")).count();
        long harmful = spec.behaviours().stream().filter(RunSpec.BehaviourRef::harmful).count();
        assertEquals(spec.models().size() * 2 * harmful, bars);
    }

    @Test
    void everyPng_decodesAtTwiceTheSvgSize() throws Exception {
        for (Path svg : svgs()) {
            Element root = parse(svg);
            Path png = svg.resolveSibling(svg.getFileName().toString().replace(".svg", ".png"));
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, png.toString());
            assertEquals(PngRenderer.SCALE * Integer.parseInt(root.getAttribute("width")), image.getWidth(), png.toString());
            assertEquals(PngRenderer.SCALE * Integer.parseInt(root.getAttribute("height")), image.getHeight(), png.toString());
            // Not blank: the background is white and the marks are not.
            int dark = 0;
            for (int y = 0; y < image.getHeight(); y += 3) for (int x = 0; x < image.getWidth(); x += 3) if ((image.getRGB(x, y) & 0xff) < 128) dark++;
            assertTrue(dark > 50, png + " has marks: " + dark);
        }
    }

    private static List<Path> svgs() {
        List<Path> svgs = written.stream().filter(p -> p.toString().endsWith(".svg")).toList();
        assertTrue(svgs.size() > 3);
        return svgs;
    }

    private static Element parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    private static List<Element> elements(Element root, String tag) {
        NodeList list = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) out.add((Element) list.item(i));
        return out;
    }
}
