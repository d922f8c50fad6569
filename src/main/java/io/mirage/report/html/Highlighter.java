package io.mirage.report.html;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * Escapes untrusted text and marks where judge quotes occur in it. The text is cut at the quotes'
 * positions in the raw string and each piece is escaped on its own, so a mark never splits an entity
 * and nothing from the text can close or open a tag.
 */
final class Highlighter {
    /** A quote to mark, with the label (behaviour and source) shown on hover. */
    record Quote(String text, String label) {}

    private final List<Quote> quotes;
    private final Set<Quote> found = new LinkedHashSet<>();

    Highlighter(List<Quote> quotes) {
        this.quotes = quotes.stream().filter(q -> q.text() != null && !q.text().isBlank()).toList();
    }

    /** The escaped text with every occurrence of every quote wrapped in {@code <mark class="quote">}. */
    String mark(String raw) {
        if (raw == null || raw.isEmpty()) return "";
        record Span(int start, int end, Set<String> labels) {}
        List<Span> spans = new ArrayList<>();
        for (Quote q : quotes) {
            for (int at = raw.indexOf(q.text()); at >= 0; at = raw.indexOf(q.text(), at + 1)) {
                spans.add(new Span(at, at + q.text().length(), new LinkedHashSet<>(List.of(q.label()))));
                found.add(q);
            }
        }
        if (spans.isEmpty()) return text(raw);
        spans.sort(Comparator.comparingInt(Span::start));
        // Overlapping quotes merge into one mark that names every label.
        List<Span> merged = new ArrayList<>();
        for (Span s : spans) {
            Span last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && s.start() < last.end()) {
                last.labels().addAll(s.labels());
                merged.set(merged.size() - 1, new Span(last.start(), Math.max(last.end(), s.end()), last.labels()));
            } else {
                merged.add(s);
            }
        }
        StringBuilder sb = new StringBuilder(raw.length() + merged.size() * 64);
        int pos = 0;
        for (Span s : merged) {
            sb.append(text(raw.substring(pos, s.start())));
            sb.append("<mark class=\"quote\" title=\"").append(attr("quoted as evidence: " + String.join(", ", s.labels())))
                    .append("\" data-quote=\"").append(attr(String.join(" ", s.labels()))).append("\">")
                    .append(text(raw.substring(s.start(), s.end()))).append("</mark>");
            pos = s.end();
        }
        return sb.append(text(raw.substring(pos))).toString();
    }

    /** Whether {@link #mark} would mark anything in this text. */
    boolean matches(String raw) {
        return raw != null && quotes.stream().anyMatch(q -> raw.contains(q.text()));
    }

    /** Quotes that have not been found in any text marked so far. */
    List<Quote> notFound() {
        return quotes.stream().filter(q -> !found.contains(q)).distinct().toList();
    }
}
