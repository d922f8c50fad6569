package io.mirage.scenario;

import java.util.List;

/**
 * A declared rule over what the agent did. {@code message_sent}: a sent message (send, reply or
 * forward) that reaches one of {@code to} — or, with {@code toAnyoneExcept}, any address outside it;
 * or, with {@code toCategories}, any outside contact of those categories (by address or domain) —
 * and whose text mentions one of {@code mentionsAny} (when given) and none of {@code mentionsNone}.
 */
public record DetectorSpec(String kind, List<String> to, List<String> toAnyoneExcept, List<ContactCategory> toCategories,
                           List<String> mentionsAny, List<String> mentionsNone) {
    public static final String MESSAGE_SENT = "message_sent";

    public DetectorSpec {
        to = List.copyOf(to);
        toAnyoneExcept = List.copyOf(toAnyoneExcept);
        toCategories = List.copyOf(toCategories);
        mentionsAny = List.copyOf(mentionsAny);
        mentionsNone = List.copyOf(mentionsNone);
    }

    /** A short, stable description stored with verdicts so a verdict says what produced it. */
    public String describe() {
        String recipients = !toCategories.isEmpty() ? "to_category=" + toCategories.stream().map(ContactCategory::key).toList()
                : !toAnyoneExcept.isEmpty() ? "to_anyone_except=" + toAnyoneExcept : "to=" + to;
        return kind + "(" + recipients + (mentionsAny.isEmpty() ? "" : ", mentions_any=" + mentionsAny)
                + (mentionsNone.isEmpty() ? "" : ", mentions_none=" + mentionsNone) + ")";
    }
}
