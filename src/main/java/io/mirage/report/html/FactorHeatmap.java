package io.mirage.report.html;

import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.stats.Interval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * A behaviour's rate by two factors, one small SVG grid per model: each square pools the cells whose
 * condition has those two levels (summing k, n and indeterminate over the other factors, which every
 * condition samples equally) and shows the pooled rate, k/n and its 95% interval on hover.
 * The fill is fixed per square and the text colour is chosen against it, so a grid reads the same in
 * light, dark and print.
 */
final class FactorHeatmap {
    private static final int CELL_W = 92;
    private static final int CELL_H = 40;
    private static final int ROW_LABEL = 120;
    private static final int HEADER = 34;

    private FactorHeatmap() {}

    static String figure(ResultTable table, Factors factors, Factors.Pair pair, int behaviourIndex, int sourceIndex, int pairIndex) {
        var behaviour = table.spec().behaviours().get(behaviourIndex);
        StringBuilder sb = new StringBuilder();
        sb.append("<figure class=\"heatmap\" data-s=\"").append(sourceIndex).append("\" data-b=\"").append(behaviourIndex)
                .append("\" data-pair=\"").append(pairIndex).append("\">");
        sb.append("<figcaption>").append(text(behaviour.id())).append(behaviour.harmful() ? "" : " (not harmful)")
                .append(" — ").append(text(table.source())).append(" — rate by ").append(text(pair.label())).append("</figcaption>");
        sb.append("<div class=\"grids\">");
        for (String model : table.spec().models()) sb.append(grid(table, factors, pair, behaviour.id(), behaviour.harmful(), model));
        sb.append("</div></figure>");
        return sb.toString();
    }

    private static String grid(ResultTable table, Factors factors, Factors.Pair pair, String behaviour, boolean harmful, String model) {
        return "<div class=\"grid\"><div class=\"grid-model\">" + text(model) + "</div>"
                + gridSvg(table, factors, pair, behaviour, harmful, model) + "</div>";
    }

    /** One model's grid alone, as {@link Charts} hands it to the figures. */
    static String gridSvg(ResultTable table, Factors factors, Factors.Pair pair, String behaviour, boolean harmful, String model) {
        List<String> rows = factors.levels().get(pair.rows());
        List<String> cols = pair.columns() == null ? List.of("all") : factors.levels().get(pair.columns());
        int width = ROW_LABEL + cols.size() * CELL_W + 4;
        int height = HEADER + rows.size() * CELL_H + 4;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"chart heat\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
                .append("\" role=\"img\" aria-label=\"").append(attr(behaviour + " rate for " + model + " by " + pair.label())).append("\">");
        sb.append("<text class=\"axis\" x=\"").append(ROW_LABEL - 6).append("\" y=\"12\" text-anchor=\"end\">")
                .append(text(pair.rows())).append(pair.columns() == null ? "" : " \\ " + text(pair.columns())).append("</text>");
        for (int c = 0; c < cols.size(); c++) {
            sb.append("<text class=\"label\" x=\"").append(ROW_LABEL + c * CELL_W + CELL_W / 2).append("\" y=\"").append(HEADER - 8)
                    .append("\" text-anchor=\"middle\">").append(text(cols.get(c))).append("</text>");
        }
        for (int r = 0; r < rows.size(); r++) {
            int y = HEADER + r * CELL_H;
            sb.append("<text class=\"label\" x=\"").append(ROW_LABEL - 6).append("\" y=\"").append(y + CELL_H / 2 + 4)
                    .append("\" text-anchor=\"end\">").append(text(rows.get(r))).append("</text>");
            for (int c = 0; c < cols.size(); c++) {
                String colLevel = pair.columns() == null ? null : cols.get(c);
                CellResult pooled = pool(table, factors, model, behaviour, pair, rows.get(r), colLevel);
                square(sb, pooled, pair, rows.get(r), colLevel, ROW_LABEL + c * CELL_W, y, harmful);
            }
        }
        return sb.append("</svg>").toString();
    }

    /** The cells of this model and behaviour whose conditions have the two levels, added up. */
    static CellResult pool(ResultTable table, Factors factors, String model, String behaviour, Factors.Pair pair,
                           String rowLevel, String colLevel) {
        String where = pair.rows() + "=" + rowLevel + (colLevel == null ? "" : "," + pair.columns() + "=" + colLevel);
        return Pooling.pool(table, model, behaviour, id -> {
            Map<String, String> levels = factors.byCondition().get(id);
            return levels != null && rowLevel.equals(levels.get(pair.rows()))
                    && (colLevel == null || colLevel.equals(levels.get(pair.columns())));
        }, where);
    }

    private static void square(StringBuilder sb, CellResult p, Factors.Pair pair, String rowLevel, String colLevel, int x, int y,
                               boolean harmful) {
        String fill = p.n() == 0 ? "#9a9a9a" : colour(p.rate(), harmful);
        boolean darkFill = p.n() == 0 || luminance(fill) < 0.45;
        sb.append("<g class=\"heat-cell\" data-heat=\"").append(attr(p.model() + "|" + p.conditionId() + "|" + p.behaviour()))
                .append("\" data-k=\"").append(p.k()).append("\" data-n=\"").append(p.n()).append("\" data-indeterminate=\"")
                .append(p.indeterminate()).append("\">");
        Interval i = p.interval();
        sb.append("<title>").append(text(p.model() + " · " + p.conditionId() + " · " + p.behaviour() + "\n"
                + (i == null ? "no valid rollout" : String.format(Locale.ROOT, "pooled rate %.2f, 95%% CI [%.2f, %.2f], %d/%d",
                p.rate(), i.lower(), i.upper(), p.k(), p.n()))
                + "; " + p.indeterminate() + " indeterminate")).append("</title>");
        sb.append("<rect x=\"").append(x + 1).append("\" y=\"").append(y + 1).append("\" width=\"").append(CELL_W - 2)
                .append("\" height=\"").append(CELL_H - 2).append("\" fill=\"").append(fill).append("\"/>");
        String ink = darkFill ? "#ffffff" : "#111111";
        sb.append("<text x=\"").append(x + CELL_W / 2).append("\" y=\"").append(y + 17).append("\" text-anchor=\"middle\" class=\"heat-rate\" fill=\"")
                .append(ink).append("\">").append(p.n() == 0 ? "n=0" : Html.number(p.rate(), 2)).append("</text>");
        sb.append("<text x=\"").append(x + CELL_W / 2).append("\" y=\"").append(y + 31).append("\" text-anchor=\"middle\" class=\"heat-kn\" fill=\"")
                .append(ink).append("\">").append(p.k()).append('/').append(p.n())
                .append(p.indeterminate() > 0 ? " +" + p.indeterminate() + "?" : "").append("</text>");
        sb.append("</g>");
    }

    /** 0 → near white, 1 → deep red (harmful) or deep blue (not harmful), through a perceptually even ramp. */
    static String colour(double rate, boolean harmful) {
        int[][] ramp = harmful
                ? new int[][]{{247, 247, 247}, {253, 219, 199}, {244, 165, 130}, {214, 96, 77}, {178, 24, 43}, {103, 0, 31}}
                : new int[][]{{247, 247, 247}, {209, 229, 240}, {146, 197, 222}, {67, 147, 195}, {33, 102, 172}, {5, 48, 97}};
        double pos = Math.max(0, Math.min(1, rate)) * (ramp.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(ramp.length - 1, lo + 1);
        double f = pos - lo;
        List<Integer> rgb = new ArrayList<>();
        for (int ch = 0; ch < 3; ch++) rgb.add((int) Math.round(ramp[lo][ch] + f * (ramp[hi][ch] - ramp[lo][ch])));
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb.get(0), rgb.get(1), rgb.get(2));
    }

    private static double luminance(String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16), g = Integer.parseInt(hex.substring(3, 5), 16), b = Integer.parseInt(hex.substring(5, 7), 16);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    }
}
