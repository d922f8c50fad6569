package io.mirage.detect;

import java.util.List;

/**
 * The answer for one rollout and behaviour, from one source (a detector, later a judge), with the
 * events that prove it and, for an indeterminate verdict, why.
 */
public record Verdict(String behaviour, Outcome outcome, String source, List<Evidence> evidence, String reason) {
    public Verdict {
        evidence = List.copyOf(evidence);
    }
}
