package io.mirage.judge;

import io.mirage.detect.Evidence;
import io.mirage.model.Message;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a judge's quotes against the transcript and says where each was found. Matching ignores
 * case, runs of whitespace and the quote marks or ellipses a judge may wrap a quote in — nothing
 * else, so an invented or paraphrased quote is not found.
 */
final class Quotes {
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private final List<TranscriptView.Part> normalised;

    /** Where a quote was found: the message and whose words they are there. */
    record Location(int message, Evidence.Section section) {}

    Quotes(List<Message> transcript) {
        this.normalised = TranscriptView.searchableParts(transcript).stream()
                .filter(p -> p.text() != null && !p.text().isBlank())
                .map(p -> new TranscriptView.Part(p.message(), p.section(), normalise(p.text()))).toList();
    }

    /**
     * Where the quote occurs, if anywhere. Words that occur in several places are credited to the
     * agent's own action first (an email it received and then sent on is its act), then its
     * reasoning, then what it received, then the world's replies; within a section, the first message.
     */
    Optional<Location> locate(String quote) {
        String q = normalise(trimDecoration(quote));
        if (q.isEmpty()) return Optional.empty();
        TranscriptView.Part best = null;
        for (TranscriptView.Part part : normalised) {
            if ((best == null || part.section().compareTo(best.section()) < 0) && part.text().contains(q)) best = part;
        }
        return best == null ? Optional.empty() : Optional.of(new Location(best.message(), best.section()));
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
