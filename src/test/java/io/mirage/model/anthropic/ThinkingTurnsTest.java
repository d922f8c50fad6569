package io.mirage.model.anthropic;

import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.ThinkingBlockParam;
import io.mirage.model.Message;
import io.mirage.model.ToolCall;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ThinkingTurnsTest {
    private static Message.Assistant turn(String id) {
        return new Message.Assistant("", "thought " + id, List.of(new ToolCall(id, "list_messages", "{}")));
    }

    private static List<ContentBlockParam> blocks(String id) {
        return List.of(ContentBlockParam.ofThinking(ThinkingBlockParam.builder().thinking("thought " + id).signature("sig-" + id).build()));
    }

    @Test
    void aTurnIsFoundByEqualContent_andUsedTurnsOutliveUnusedOnes() {
        ThinkingTurns turns = new ThinkingTurns(2);
        turns.remember(turn("a"), blocks("a"));
        turns.remember(turn("b"), blocks("b"));
        assertEquals(Optional.of(blocks("a")), turns.blocksFor(turn("a")), "an equal neutral turn finds the blocks");
        turns.remember(turn("c"), blocks("c"));
        assertEquals(2, turns.size());
        assertTrue(turns.blocksFor(turn("b")).isEmpty(), "the least recently used turn went");
        assertTrue(turns.blocksFor(turn("a")).isPresent());
        assertTrue(turns.blocksFor(turn("c")).isPresent());
    }
}
