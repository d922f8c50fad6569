package io.mirage.web;

import io.mirage.report.html.Html;
import io.mirage.report.CellResult;
import io.mirage.stats.Interval;

import java.util.Locale;

/** Numbers and verdict words as the pages show them. */
final class Format {
    private Format() {}

    static String percent(double p) {
        return Double.isNaN(p) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * p);
    }

    static String rate(CellResult c) {
        if (c == null) return "<span class=\"muted\">–</span>";
        if (c.n() == 0) return "<span class=\"muted\">no valid rollout</span>";
        Interval i = c.interval();
        String rate = "<span class=\"rate\">" + percent(c.rate()) + " <span class=\"muted\">[" + percent(i.lower()) + ", " + percent(i.upper()) + "]</span></span>";
        return c.isStopped() ? rate + " " + stopped(c) : rate;
    }

    /** The mark of a cell that early stopping ended, with its decision and counts; its interval is anytime-valid. */
    static String stopped(CellResult c) {
        return "<span class=\"stopped\" title=\"" + Html.attr(c.stopped().label() + "; anytime-valid 95% interval") + "\">"
                + Html.text(c.stopped().label()) + "</span>";
    }

    /** A verdict or label word, coloured by class. */
    static String answer(String word) {
        return "<span class=\"v v-" + Html.attr(word) + "\">" + Html.text(word) + "</span>";
    }

    static String cost(Double usd) {
        return usd == null ? "unpriced" : String.format(Locale.ROOT, "$%.4f", usd);
    }
}
