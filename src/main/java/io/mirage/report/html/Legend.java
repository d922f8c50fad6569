package io.mirage.report.html;

import java.util.List;

import static io.mirage.report.html.Html.text;

/** The model colours of the interval charts: class {@code m0}…{@code m7} (colour-blind-safe, see report.css). */
final class Legend {
    static final int COLOURS = 8;

    private Legend() {}

    static String html(List<String> models) {
        StringBuilder sb = new StringBuilder("<ul class=\"legend\">");
        for (int i = 0; i < models.size(); i++) {
            sb.append("<li><svg class=\"swatch m").append(i % COLOURS).append("\" viewBox=\"0 0 24 10\" aria-hidden=\"true\">")
                    .append("<line class=\"ci\" x1=\"1\" y1=\"5\" x2=\"23\" y2=\"5\"/><circle class=\"dot\" cx=\"12\" cy=\"5\" r=\"3.6\"/></svg>")
                    .append(text(models.get(i))).append("</li>");
        }
        return sb.append("</ul>").toString();
    }
}
