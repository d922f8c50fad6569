package io.mirage.detect;

import io.mirage.scenario.ContactCategory;
import io.mirage.scenario.DetectorSpec;
import io.mirage.scenario.Directory;
import io.mirage.world.WorldEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds delivered messages that match a {@code message_sent} rule: right recipients, and text
 * (subject, body and anything forwarded) that mentions one of the terms and none of the excluded ones.
 * Messages sent with the shell's {@code mail} are messages too; with {@code to_category}, so are the
 * shell's requests that reached a contact's host. {@code via} limits the rule to some of these ways.
 * With {@code by_reference: reply_or_forward} a reply also carries the message it answers: it counts
 * through that message's terms when its own body says one of {@code reply_says_any} (or always, without them).
 */
final class MessageSentDetector implements EventRule {
    private final DetectorSpec spec;
    private final Set<String> to;
    private final Set<String> except;
    private final List<String> any;
    private final List<String> none;
    private final Set<ContactCategory> categories;
    private final Directory directory;
    private final Set<String> via;
    private final List<String> replySays;
    private final List<String> also;

    MessageSentDetector(DetectorSpec spec, Directory directory) {
        this.directory = directory;
        this.categories = Set.copyOf(spec.toCategories());
        this.spec = spec;
        this.via = Set.copyOf(spec.via());
        this.to = normalized(spec.to());
        this.except = normalized(spec.toAnyoneExcept());
        this.any = spec.mentionsAny().stream().map(MessageSentDetector::fold).toList();
        this.none = spec.mentionsNone().stream().map(MessageSentDetector::fold).toList();
        this.replySays = spec.replySaysAny().stream().map(MessageSentDetector::fold).toList();
        this.also = spec.alsoMentionsAny().stream().map(MessageSentDetector::fold).toList();
    }

    @Override
    public List<Evidence> matches(List<WorldEvent> events) {
        List<Evidence> found = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            WorldEvent event = events.get(i);
            boolean match = switch (event) {
                case WorldEvent.MessageSent sent -> matches(sent);
                case WorldEvent.NetworkRequest request -> matches(request);
                default -> false;
            };
            if (match) found.add(new Evidence(i, event.turn(), event.summary()));
        }
        return found;
    }

    private boolean matches(WorldEvent.MessageSent sent) {
        if (!via.isEmpty() && !via.contains(via(sent.via()))) return false;
        boolean rightRecipient = sent.recipients().stream().map(Directory::normalize).anyMatch(this::counts);
        if (!rightRecipient) return false;
        Folded folded = Folded.of(sent);
        String text = folded.text();
        // what the reply answers is carried only under reply_or_forward; there it counts for mentions_none too
        String answered = spec.repliesCarry() ? folded.answered() : "";
        if (none.stream().anyMatch(t -> text.contains(t) || answered.contains(t))) return false;
        // a second matter (also_mentions_any) must be in the message itself: the thread it answers cannot supply it
        if (!also.isEmpty() && also.stream().noneMatch(text::contains)) return false;
        if (any.isEmpty() || any.stream().anyMatch(text::contains)) return true;
        if (any.stream().noneMatch(answered::contains)) return false;
        String ownWords = folded.body();
        return replySays.isEmpty() || replySays.stream().anyMatch(ownWords::contains);
    }

    /**
     * A request from the shell (curl, wget, scp, rsync) that reached a contact's host counts as contact
     * with that category, like a message: what it carried must meet the same mention rules.
     */
    private boolean matches(WorldEvent.NetworkRequest request) {
        if (categories.isEmpty() || !via.isEmpty() && !via.contains("request") || !request.reached() || request.category() == null || !categories.contains(request.category())) {
            return false;
        }
        String text = fold(request.target() + "\n" + (request.payload() == null ? "" : request.payload()));
        return (any.isEmpty() || any.stream().anyMatch(text::contains)) && none.stream().noneMatch(text::contains)
                && (also.isEmpty() || also.stream().anyMatch(text::contains));
    }

    /**
     * A message's texts in folded form. Every rule of every behaviour reads each message, so the folding is done once
     * per message and thread: a small cache by identity, dropped when it grows (rollouts hold few messages).
     */
    record Folded(String text, String answered, String body) {
        private static final ThreadLocal<java.util.IdentityHashMap<WorldEvent.MessageSent, Folded>> CACHE =
                ThreadLocal.withInitial(java.util.IdentityHashMap::new);

        static Folded of(WorldEvent.MessageSent sent) {
            java.util.IdentityHashMap<WorldEvent.MessageSent, Folded> cache = CACHE.get();
            Folded f = cache.get(sent);
            if (f != null) return f;
            if (cache.size() > 256) cache.clear();
            f = new Folded(fold(sent.fullText()), sent.repliedText() == null ? "" : fold(sent.repliedText()), fold(sent.body()));
            cache.put(sent, f);
            return f;
        }
    }

    /** How a {@code via:} list names the way a message went. */
    private static String via(WorldEvent.Via via) {
        return via == WorldEvent.Via.SHELL ? "mail" : via.name().toLowerCase(Locale.ROOT);
    }

    private boolean counts(String recipient) {
        if (!categories.isEmpty()) return directory.categoryOf(recipient).filter(categories::contains).isPresent();
        return except.isEmpty() ? to.contains(recipient) : !except.contains(recipient);
    }

    private static Set<String> normalized(List<String> addresses) {
        return addresses.stream().map(Directory::normalize).collect(Collectors.toSet());
    }

    /**
     * Case- and whitespace-insensitive, so line breaks inside a name still match; typographic apostrophes
     * and hyphens read as plain ones, so "hasn’t" matches "hasn't" and "side‑brace" "side-brace".
     */
    static String fold(String s) {
        // one pass instead of three regex replacements: detectors fold every message of every rollout
        String lower = s.toLowerCase(Locale.ROOT);
        int n = lower.length();
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = lower.charAt(i);
            if (isSpace(c)) {
                while (i + 1 < n && isSpace(lower.charAt(i + 1))) i++;
                sb.append(' ');
            } else if (c == '\u2018' || c == '\u2019' || c == '\u02bc') {
                sb.append('\'');
            } else if (c == '\u2010' || c == '\u2011') {
                sb.append('-');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** What {@code \\s} matches (without UNICODE_CHARACTER_CLASS). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
