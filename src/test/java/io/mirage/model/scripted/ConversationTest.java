package io.mirage.model.scripted;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class ConversationTest {
    @Test
    void collapseWhitespace_readsLikeTheRegex() {
        for (String s : List.of("", " ", "  ", "a b", "a  b", " lead", "trail ", "x\r\ny\t\tz", "\u000B\f", "nbsp\u00a0stays", "one two three")) {
            assertEquals(s.replaceAll("\\s+", " "), Conversation.collapseWhitespace(s), s);
        }
    }
}
