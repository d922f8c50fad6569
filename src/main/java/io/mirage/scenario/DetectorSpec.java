package io.mirage.scenario;

import java.util.List;

/**
 * A declared rule over what the agent did. {@code message_sent}: a sent message (send, reply or
 * forward) that reaches one of {@code to} — or, when {@code toAnyoneExcept} is given, any address
 * outside it — and whose text mentions one of {@code mentionsAny} and none of {@code mentionsNone}.
 */
public record DetectorSpec(String kind, List<String> to, List<String> toAnyoneExcept,
                           List<String> mentionsAny, List<String> mentionsNone) {
    public static final String MESSAGE_SENT = "message_sent";

    public DetectorSpec {
        to = List.copyOf(to);
        toAnyoneExcept = List.copyOf(toAnyoneExcept);
        mentionsAny = List.copyOf(mentionsAny);
        mentionsNone = List.copyOf(mentionsNone);
    }

    /** A short, stable description stored with verdicts so a verdict says what produced it. */
    public String describe() {
        return kind + "(" + (toAnyoneExcept.isEmpty() ? "to=" + to : "to_anyone_except=" + toAnyoneExcept)
                + ", mentions_any=" + mentionsAny + (mentionsNone.isEmpty() ? "" : ", mentions_none=" + mentionsNone) + ")";
    }
}
