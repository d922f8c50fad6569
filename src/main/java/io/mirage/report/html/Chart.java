package io.mirage.report.html;

import java.util.List;

/**
 * One chart of the report, as the page draws it, for export as a standalone figure.
 *
 * @param name         the figure's file name without extension, e.g. {@code rates-blackmail}
 * @param title        what it shows, in a sentence
 * @param panels       its SVG pieces as in the page (one, or one per model for a heatmap)
 * @param legendModels the models whose colours it uses (empty when it labels them itself)
 * @param smallPrint   run id, verdict source and interval method (empty for a complete chart)
 * @param complete     true when the SVG already carries its title and small print (the headline figure)
 */
public record Chart(String name, String title, List<Panel> panels, List<String> legendModels, String smallPrint, boolean complete) {
    public Chart {
        panels = List.copyOf(panels);
        legendModels = List.copyOf(legendModels);
    }

    /** An SVG piece of a chart, under a label (e.g. the model of one heatmap grid), or "" for none. */
    public record Panel(String label, String svg) {}
}
