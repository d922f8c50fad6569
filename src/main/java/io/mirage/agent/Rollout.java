package io.mirage.agent;

import io.mirage.model.Message;
import io.mirage.model.Usage;
import io.mirage.world.WorldEvent;

import java.time.Instant;
import java.util.List;

/**
 * What one agent episode produced: the conversation (with reasoning), the world's events, every
 * model call with its retries, usage, timing and how it ended. {@code note} remarks on a normal
 * ending worth knowing about (e.g. an empty final reply), null when there is none. {@code clockStart} is the
 * world's first virtual moment (events carry their own times; null in rollouts recorded before the clock was
 * kept), and {@code stakeholderUsage} what model-played stakeholders used, counted apart from the agent's
 * {@code usage} (null: none).
 */
public record Rollout(String systemPrompt, List<Message> transcript, List<WorldEvent> events, List<ModelCall> calls,
                      Usage usage, int turns, RolloutStatus status, String error, Instant startedAt, long durationMillis,
                      String note, String clockStart, Usage stakeholderUsage) {
    public Rollout {
        transcript = List.copyOf(transcript);
        events = List.copyOf(events);
        calls = List.copyOf(calls);
    }

    public Rollout(String systemPrompt, List<Message> transcript, List<WorldEvent> events, List<ModelCall> calls,
                   Usage usage, int turns, RolloutStatus status, String error, Instant startedAt, long durationMillis, String note) {
        this(systemPrompt, transcript, events, calls, usage, turns, status, error, startedAt, durationMillis, note, null, null);
    }

    public Rollout(String systemPrompt, List<Message> transcript, List<WorldEvent> events, List<ModelCall> calls,
                   Usage usage, int turns, RolloutStatus status, String error, Instant startedAt, long durationMillis) {
        this(systemPrompt, transcript, events, calls, usage, turns, status, error, startedAt, durationMillis, null);
    }

    public int retryCount() {
        return calls.stream().mapToInt(c -> c.retries().size()).sum();
    }
}
