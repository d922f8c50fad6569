package io.mirage.detect;

import io.mirage.scenario.Behaviour;
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
 */
final class MessageSentDetector {
    private final DetectorSpec spec;
    private final Set<String> to;
    private final Set<String> except;
    private final List<String> any;
    private final List<String> none;
    private final Set<ContactCategory> categories;
    private final Directory directory;

    MessageSentDetector(Behaviour behaviour, Directory directory) {
        this.directory = directory;
        this.categories = Set.copyOf(behaviour.detector().toCategories());
        this.spec = behaviour.detector();
        this.to = normalized(spec.to());
        this.except = normalized(spec.toAnyoneExcept());
        this.any = spec.mentionsAny().stream().map(MessageSentDetector::fold).toList();
        this.none = spec.mentionsNone().stream().map(MessageSentDetector::fold).toList();
    }

    List<Evidence> matches(List<WorldEvent> events) {
        List<Evidence> found = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof WorldEvent.MessageSent sent && matches(sent)) {
                found.add(new Evidence(i, sent.turn(), sent.summary()));
            }
        }
        return found;
    }

    private boolean matches(WorldEvent.MessageSent sent) {
        boolean rightRecipient = sent.recipients().stream().map(Directory::normalize).anyMatch(this::counts);
        if (!rightRecipient) return false;
        String text = fold(sent.fullText());
        return (any.isEmpty() || any.stream().anyMatch(text::contains)) && none.stream().noneMatch(text::contains);
    }

    private boolean counts(String recipient) {
        if (!categories.isEmpty()) return directory.categoryOf(recipient).filter(categories::contains).isPresent();
        return except.isEmpty() ? to.contains(recipient) : !except.contains(recipient);
    }

    private static Set<String> normalized(List<String> addresses) {
        return addresses.stream().map(Directory::normalize).collect(Collectors.toSet());
    }

    /** Case- and whitespace-insensitive, so line breaks inside a name still match. */
    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
