package io.mirage.report.figures;

import io.mirage.report.html.Chart;
import io.mirage.report.html.Html;
import io.mirage.report.html.SmallPrint;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * A report chart as a standalone SVG file: the SVG namespace, width, height and viewBox; a white
 * background; the title, a legend of model colours and the small print (run id, verdict source,
 * interval method, canary) inside; every style the page's stylesheet gave it written onto the elements
 * as presentation attributes ({@link Styles}), in the light palette; a generic font family, so it renders
 * alike in a browser, an editor, a slide or Batik. The page's links and hover targets are left out.
 */
public final class StandaloneSvg {
    static final String NS = "http://www.w3.org/2000/svg";
    static final String FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
    private static final int MARGIN = 12;
    private static final int MAX_ROW = 960;
    private static final double TITLE_CHAR = 7.4;
    private static final double SMALL_CHAR = 5.3;

    private StandaloneSvg() {}

    /** The figure as an SVG document (UTF-8 text with an XML declaration). */
    public static String of(Chart chart) {
        StringBuilder content = new StringBuilder();
        int y = MARGIN;
        int width = 0;
        if (!chart.complete()) {
            content.append(text("title", MARGIN, y + 13, chart.title()));
            width = Math.max(width, (int) Math.ceil(chart.title().length() * TITLE_CHAR));
            y += 24;
            if (!chart.legendModels().isEmpty()) {
                int x = MARGIN;
                for (int i = 0; i < chart.legendModels().size(); i++) {
                    String model = chart.legendModels().get(i);
                    int itemWidth = 30 + (int) Math.ceil(model.length() * 6.6) + 18;
                    if (x > MARGIN && x + itemWidth > MARGIN + MAX_ROW) {
                        x = MARGIN;
                        y += 16;
                    }
                    content.append("<g class=\"legend-item m").append(i % Styles.COLOURS.length).append("\">")
                            .append("<line class=\"ci\" x1=\"").append(x + 1).append("\" y1=\"").append(y + 6).append("\" x2=\"").append(x + 23)
                            .append("\" y2=\"").append(y + 6).append("\"/><circle class=\"dot\" cx=\"").append(x + 12).append("\" cy=\"").append(y + 6)
                            .append("\" r=\"3.6\"/>").append(text("label", x + 30, y + 10, model)).append("</g>");
                    x += itemWidth;
                    width = Math.max(width, x - MARGIN);
                }
                y += 22;
            }
        }
        int x = MARGIN;
        int rowHeight = 0;
        for (Chart.Panel panel : chart.panels()) {
            Element svg = parse(panel.svg());
            double[] box = viewBox(svg);
            int w = (int) Math.ceil(box[2]), h = (int) Math.ceil(box[3]);
            int labelHeight = panel.label().isEmpty() ? 0 : 16;
            if (x > MARGIN && x + w > MARGIN + MAX_ROW) {
                x = MARGIN;
                y += rowHeight + 12;
                rowHeight = 0;
            }
            if (labelHeight > 0) content.append(text("panel-label", x, y + 12, panel.label()));
            svg.setAttribute("x", Integer.toString(x));
            svg.setAttribute("y", Integer.toString(y + labelHeight));
            svg.setAttribute("width", Integer.toString(w));
            svg.setAttribute("height", Integer.toString(h));
            content.append(serialize(svg));
            width = Math.max(width, x - MARGIN + w);
            rowHeight = Math.max(rowHeight, labelHeight + h);
            x += w + 20;
        }
        y += rowHeight + 6;
        if (!chart.complete()) {
            for (String line : List.of(chart.smallPrint(), SmallPrint.canary())) {
                content.append(text("smallprint", MARGIN, y + 10, line));
                width = Math.max(width, (int) Math.ceil(line.length() * SMALL_CHAR));
                y += 12;
            }
        }
        int totalWidth = width + 2 * MARGIN;
        int totalHeight = y + MARGIN;
        String document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"" + NS + "\" version=\"1.1\" width=\"" + totalWidth + "\" height=\"" + totalHeight + "\" viewBox=\"0 0 "
                + totalWidth + " " + totalHeight + "\" font-family=\"" + FONT + "\" font-size=\"11\" role=\"img\" aria-label=\"" + attr(chart.title())
                + "\" data-figure=\"" + attr(chart.name()) + "\">"
                + "<title>" + Html.text(chart.title()) + "</title>"
                + "<rect class=\"background\" x=\"0\" y=\"0\" width=\"" + totalWidth + "\" height=\"" + totalHeight + "\" fill=\"#ffffff\"/>"
                + content + "</svg>\n";
        Element root = parse(document);
        Styles.apply(root);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + serialize(root) + "\n";
    }

    private static String text(String cls, int x, int y, String content) {
        return "<text class=\"" + cls + "\" x=\"" + x + "\" y=\"" + y + "\">" + Html.text(content) + "</text>";
    }

    private static double[] viewBox(Element svg) {
        String[] parts = svg.getAttribute("viewBox").trim().split("[\\s,]+");
        if (parts.length != 4) throw new IllegalArgumentException("a chart's SVG has no viewBox");
        double[] box = new double[4];
        for (int i = 0; i < 4; i++) box[i] = Double.parseDouble(parts[i]);
        return box;
    }

    /** Parses our own SVG text (no DTD, no external entities: nothing is fetched). */
    static Element parse(String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
            return doc.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("a chart's SVG is not well-formed XML: " + e.getMessage(), e);
        }
    }

    static String serialize(Node node) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The element's children, copied so the list survives removing or unwrapping them. */
    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c) out.add(c);
        return out;
    }
}
