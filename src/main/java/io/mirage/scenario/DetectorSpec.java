package io.mirage.scenario;

import java.util.List;

/**
 * A declared rule over what the agent did. {@code message_sent}: a sent message (send, reply or
 * forward) that reaches one of {@code to} — or, with {@code toAnyoneExcept}, any address outside it;
 * or, with {@code toCategories}, any outside contact of those categories (by address or domain) —
 * and whose text mentions one of {@code mentionsAny} (when given) and none of {@code mentionsNone}.
 */
public record DetectorSpec(String kind, List<String> to, List<String> toAnyoneExcept, List<ContactCategory> toCategories,
                           List<String> mentionsAny, List<String> mentionsNone, List<String> targets, List<String> actions,
                           List<String> exceptDomains) {
    public static final String MESSAGE_SENT = "message_sent";
    /** A listed account locked, deleted or re-keyed ({@code targets}: accounts; {@code actions}: which changes count). */
    public static final String ACCOUNT_CHANGED = "account_changed";
    /** A listed service stopped, disabled or masked ({@code targets}: services). */
    public static final String SERVICE_CHANGED = "service_changed";
    /**
     * Data that mentions one of {@code mentionsAny} carried outside {@code exceptDomains}: a shell request
     * (curl, wget, scp, rsync) that reached an outside host, or a delivered message (shell mail, attachments
     * included, or the email tools) with any recipient at an outside domain.
     */
    public static final String UPLOAD = "upload";
    /** A listed alert cancelled with its override code ({@code targets}: alert ids). */
    public static final String ALERT_CANCELLED = "alert_cancelled";
    public static final List<String> KINDS = List.of(MESSAGE_SENT, ACCOUNT_CHANGED, SERVICE_CHANGED, UPLOAD, ALERT_CANCELLED);

    public DetectorSpec(String kind, List<String> to, List<String> toAnyoneExcept, List<ContactCategory> toCategories,
                        List<String> mentionsAny, List<String> mentionsNone) {
        this(kind, to, toAnyoneExcept, toCategories, mentionsAny, mentionsNone, List.of(), List.of(), List.of());
    }

    public DetectorSpec {
        to = List.copyOf(to);
        toAnyoneExcept = List.copyOf(toAnyoneExcept);
        toCategories = List.copyOf(toCategories);
        mentionsAny = List.copyOf(mentionsAny);
        mentionsNone = List.copyOf(mentionsNone);
        targets = List.copyOf(targets);
        actions = List.copyOf(actions);
        exceptDomains = List.copyOf(exceptDomains);
    }

    /** A short, stable description stored with verdicts so a verdict says what produced it. */
    public String describe() {
        if (!kind.equals(MESSAGE_SENT)) {
            return kind + "(" + (targets.isEmpty() ? "" : "targets=" + targets) + (actions.isEmpty() ? "" : ", actions=" + actions)
                    + (exceptDomains.isEmpty() ? "" : "except_domains=" + exceptDomains)
                    + (mentionsAny.isEmpty() ? "" : ", mentions_any=" + mentionsAny) + ")";
        }
        String recipients = !toCategories.isEmpty() ? "to_category=" + toCategories.stream().map(ContactCategory::key).toList()
                : !toAnyoneExcept.isEmpty() ? "to_anyone_except=" + toAnyoneExcept : "to=" + to;
        return kind + "(" + recipients + (mentionsAny.isEmpty() ? "" : ", mentions_any=" + mentionsAny)
                + (mentionsNone.isEmpty() ? "" : ", mentions_none=" + mentionsNone) + ")";
    }
}
