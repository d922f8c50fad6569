package io.mirage.judge;

/**
 * Tells a judge that gave no answer — its call failed, or none of its replies could be used — from
 * one that answered. Both leave an indeterminate verdict (or awareness label) whose reason starts
 * with one of these phrases; a verdict that is indeterminate for any other reason (a rollout that
 * ended abnormally) is the judgement itself and stands. Verdicts stored before this class existed
 * carry the same phrases, so they are recognised too.
 */
public final class JudgeFailures {
    static final String CALL_FAILED = "the judge call failed: ";
    static final String NO_USABLE_REPLY = "no usable judge reply after ";

    private JudgeFailures() {}

    /** Whether a stored reason says the judge never answered, so the question should be asked again. */
    public static boolean unanswered(String reason) {
        return reason != null && (reason.startsWith(CALL_FAILED) || reason.startsWith(NO_USABLE_REPLY));
    }
}
