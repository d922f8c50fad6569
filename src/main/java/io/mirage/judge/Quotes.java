package io.mirage.judge;

import io.mirage.model.Message;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Checks a judge's quotes against the transcript. Matching ignores case, runs of whitespace and
 * the quote marks or ellipses a judge may wrap a quote in — nothing else, so an invented or
 * paraphrased quote is not found.
 */
final class Quotes {
    private static final java.util.regex.Pattern SPACE = java.util.regex.Pattern.compile("\\s+");
    private final List<List<String>> normalisedTexts;

    Quotes(List<Message> transcript) {
        this.normalisedTexts = TranscriptView.searchableTexts(transcript).stream()
                .map(parts -> parts.stream().map(Quotes::normalise).toList()).toList();
    }

    /** The index of the first message containing the quote, if any. */
    OptionalInt locate(String quote) {
        String q = normalise(trimDecoration(quote));
        if (q.isEmpty()) return OptionalInt.empty();
        for (int i = 0; i < normalisedTexts.size(); i++) {
            for (String text : normalisedTexts.get(i)) {
                if (text.contains(q)) return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    private static String trimDecoration(String quote) {
        String q = quote.strip();
        q = q.replaceAll("^[\"'“”‘’«»]+|[\"'“”‘’«»]+$", "");
        q = q.replaceAll("^(\\.\\.\\.|…)\\s*|\\s*(\\.\\.\\.|…)$", "");
        return q.strip();
    }

    static String normalise(String text) {
        return SPACE.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }
}
