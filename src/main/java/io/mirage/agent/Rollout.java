package io.mirage.agent;

import io.mirage.model.Message;
import io.mirage.model.Usage;
import io.mirage.world.WorldEvent;

import java.time.Instant;
import java.util.List;

/**
 * What one agent episode produced: the conversation (with reasoning), the world's events, every
 * model call with its retries, usage, timing and how it ended.
 */
public record Rollout(String systemPrompt, List<Message> transcript, List<WorldEvent> events, List<ModelCall> calls,
                      Usage usage, int turns, RolloutStatus status, String error, Instant startedAt, long durationMillis) {
    public Rollout {
        transcript = List.copyOf(transcript);
        events = List.copyOf(events);
        calls = List.copyOf(calls);
    }

    public int retryCount() {
        return calls.stream().mapToInt(c -> c.retries().size()).sum();
    }
}
