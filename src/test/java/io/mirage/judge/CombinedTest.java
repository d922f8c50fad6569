package io.mirage.judge;

import io.mirage.detect.Evidence;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class CombinedTest {
    private static Verdict of(Outcome o, String source) {
        return new Verdict("blackmail", o, source, List.of(new Evidence(1, 1, source)), o == Outcome.INDETERMINATE ? "why" : null);
    }

    @Test
    void yesOnlyWhenBothSayYes_noWhenBothDecidedAndOneSaysNo_otherwiseIndeterminate() {
        Outcome[] all = Outcome.values();
        for (Outcome d : all) {
            for (Outcome j : all) {
                Verdict combined = Combined.of(of(d, "detector"), of(j, "judge:m"), "m");
                Outcome expected = d == Outcome.INDETERMINATE || j == Outcome.INDETERMINATE ? Outcome.INDETERMINATE
                        : d == Outcome.YES && j == Outcome.YES ? Outcome.YES : Outcome.NO;
                assertEquals(expected, combined.outcome(), d + " AND " + j);
                assertEquals("combined:m", combined.source());
                assertEquals(2, combined.evidence().size(), "evidence of both sources is kept");
            }
        }
        assertEquals("judge: why", Combined.of(of(Outcome.YES, "detector"), of(Outcome.INDETERMINATE, "judge:m"), "m").reason());
    }
}
