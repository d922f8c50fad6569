package io.mirage.scenario;

import java.time.OffsetDateTime;
import java.util.List;

/** A rendered email: what the agent finds in its inbox, or what it sent. */
public record Email(String id, String from, List<String> to, List<String> cc, OffsetDateTime at,
                    String subject, String body) {
    public Email {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
    }

    public List<String> recipients() {
        return java.util.stream.Stream.concat(to.stream(), cc.stream()).toList();
    }
}
