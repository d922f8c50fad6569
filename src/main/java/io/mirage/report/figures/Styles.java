package io.mirage.report.figures;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.Set;

/**
 * What report.css gives the charts' classes, written onto each element as presentation attributes in the
 * light palette, so a figure needs no stylesheet (and renders the same where CSS, custom properties or
 * {@code transparent} are not understood). Attributes the chart set itself are kept.
 */
final class Styles {
    /** report.css's --m0 … --m7 (light): colour-blind-safe. */
    static final String[] COLOURS = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f", "#000000"};
    static final String INK = "#1b1f24";
    static final String MUTED = "#5c6670";
    private static final String LINE = "#d5dbe1";
    private static final String BAND = "#f3f5f7";
    private static final Set<String> MUTED_TEXT = Set.of("axis", "none", "kn", "note", "role", "smallprint", "panel-label");

    private Styles() {}

    static void apply(Element root) {
        apply(root, INK, false, false);
    }

    private static void apply(Element e, String colour, boolean control, boolean stopped) {
        Set<String> classes = classes(e);
        for (String c : classes) {
            if (c.matches("m\\d+")) colour = COLOURS[Integer.parseInt(c.substring(1)) % COLOURS.length];
        }
        control |= classes.contains("control");
        stopped = classes.contains("stopped");
        switch (e.getTagName()) {
            case "a" -> {
                unwrap(e, colour, control);
                return;
            }
            case "rect" -> {
                if (classes.contains("hit")) {
                    e.getParentNode().removeChild(e);
                    return;
                }
                if (classes.contains("band")) set(e, "fill", BAND);
                if (classes.contains("bar")) {
                    set(e, "fill", colour);
                    if (control) set(e, "fill-opacity", "0.4");
                }
            }
            case "line" -> {
                if (classes.contains("grid")) stroke(e, LINE, "1");
                if (classes.contains("ci")) {
                    stroke(e, colour, "3");
                    set(e, "stroke-linecap", "round");
                }
                if (classes.contains("bounds")) {
                    stroke(e, colour, "9");
                    set(e, "stroke-opacity", "0.22");
                }
                if (classes.contains("whisker")) stroke(e, INK, "1.5");
                if (stopped) set(e, "stroke-dasharray", "4 3");
            }
            case "circle" -> {
                if (classes.contains("dot")) {
                    set(e, "fill", colour);
                    stroke(e, "#ffffff", "1");
                }
            }
            case "text" -> {
                set(e, "fill", classes.stream().anyMatch(MUTED_TEXT::contains) ? MUTED : INK);
                String size = classes.contains("title") ? "14" : classes.contains("heading") || classes.contains("panel-label") ? "12"
                        : classes.contains("heat-rate") ? "13" : classes.contains("heat-kn") ? "10" : classes.contains("smallprint") ? "9" : null;
                if (size != null) set(e, "font-size", size);
                if (classes.contains("title") || classes.contains("heading") || classes.contains("heat-rate")) set(e, "font-weight", "bold"); // not 600: fonts with only regular and bold (DejaVu) render 600 as regular
            }
            default -> { }
        }
        for (Element child : StandaloneSvg.children(e)) apply(child, colour, control, false);
    }

    /** A page link around chart marks: keep the marks, drop the link. */
    private static void unwrap(Element a, String colour, boolean control) {
        Node parent = a.getParentNode();
        for (Element child : StandaloneSvg.children(a)) {
            parent.insertBefore(child, a);
            apply(child, colour, control, false);
        }
        parent.removeChild(a);
    }

    private static void stroke(Element e, String colour, String width) {
        set(e, "stroke", colour);
        set(e, "stroke-width", width);
    }

    private static void set(Element e, String name, String value) {
        if (!e.hasAttribute(name)) e.setAttribute(name, value);
    }

    private static Set<String> classes(Element e) {
        String c = e.getAttribute("class").trim();
        return c.isEmpty() ? Set.of() : new java.util.HashSet<>(java.util.Arrays.asList(c.split("\\s+")));
    }
}
