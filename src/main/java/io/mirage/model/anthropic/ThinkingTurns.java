package io.mirage.model.anthropic;

import com.anthropic.models.messages.ContentBlockParam;
import io.mirage.model.Message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The original content blocks of assistant turns that carried thinking. The API wants thinking blocks sent
 * back unchanged, with their signatures (with tools it rejects a final assistant turn without them), but a
 * neutral {@link Message.Assistant} keeps only text, reasoning and tool calls. So each model remembers the
 * blocks of its own thinking turns, keyed by the neutral turn they became (its tool call ids are unique per
 * response), and re-sends them when that turn comes back in a later request of the same rollout.
 * Least recently used turns are dropped beyond {@code capacity}; every request touches all turns of its
 * rollout, so only turns of finished rollouts age out. A turn not found is sent without its thinking.
 */
final class ThinkingTurns {
    private final Map<Message.Assistant, List<ContentBlockParam>> turns;

    ThinkingTurns(int capacity) {
        this.turns = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Message.Assistant, List<ContentBlockParam>> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(Message.Assistant turn, List<ContentBlockParam> blocks) {
        turns.put(turn, List.copyOf(blocks));
    }

    synchronized Optional<List<ContentBlockParam>> blocksFor(Message.Assistant turn) {
        return Optional.ofNullable(turns.get(turn));
    }

    synchronized int size() {
        return turns.size();
    }
}
