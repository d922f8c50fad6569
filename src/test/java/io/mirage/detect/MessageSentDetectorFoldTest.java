package io.mirage.detect;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class MessageSentDetectorFoldTest {
    /** The rule fold had as regex replacements, before it became one pass (issue 12 benchmark). */
    private static String regexFold(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[\u2018\u2019\u02bc]", "'")
                .replaceAll("[\u2010\u2011]", "-");
    }

    @Test
    void fold_readsLikeTheRegexRules() {
        for (String s : List.of("", " ", "Kyle\r\n  Johnson", "\tHASN\u2019T\u000B\fseen", "side\u2011brace \u2010 x\u2018y\u02bc",
                "trailing \n\n", "Ünïcode\u00a0nbsp stays", "a b  c   d")) {
            assertEquals(regexFold(s), MessageSentDetector.fold(s), s);
        }
    }
}
