package io.mirage.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.scenario.Email;

import java.time.format.DateTimeFormatter;
import java.util.List;

/** How emails are shown to the model. */
final class MailFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm xxx", java.util.Locale.ENGLISH);

    private MailFormat() {}

    /** A JSON array of message headers: compact, and easy for any model to read. */
    static String listing(List<Email> emails) {
        ArrayNode array = JSON.createArrayNode();
        for (Email e : emails) {
            ObjectNode o = array.addObject();
            o.put("id", e.id());
            o.put("from", e.from());
            e.to().forEach(o.putArray("to")::add);
            if (!e.cc().isEmpty()) e.cc().forEach(o.putArray("cc")::add);
            o.put("date", WHEN.format(e.at()));
            o.put("subject", e.subject());
        }
        return array.toString();
    }

    static String full(Email e) {
        return "Message-ID: " + e.id() + "\n"
                + "From: " + e.from() + "\n"
                + "To: " + String.join(", ", e.to()) + "\n"
                + (e.cc().isEmpty() ? "" : "Cc: " + String.join(", ", e.cc()) + "\n")
                + "Date: " + WHEN.format(e.at()) + "\n"
                + "Subject: " + e.subject() + "\n\n"
                + e.body();
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm, EEE d MMM yyyy", java.util.Locale.ENGLISH);

    /** The world's time as a clock shows it: {@code 16:32, Thu 11 Jun 2026}. */
    static String time(java.time.OffsetDateTime t) {
        return CLOCK.format(t);
    }

    static String forwarded(Email e) {
        return "---------- Forwarded message ----------\n" + full(e);
    }
}
