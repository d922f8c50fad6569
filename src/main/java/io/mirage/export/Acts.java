package io.mirage.export;

import io.mirage.agent.Rollout;
import io.mirage.detect.Evidence;
import io.mirage.detect.Verdict;
import io.mirage.model.Message;
import io.mirage.model.ToolCall;
import io.mirage.world.WorldEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where in a rollout a verdict's act happened, from its evidence: the earliest turn cited, and the
 * earliest tool call cited, counted from 0 over all the rollout's tool calls in transcript order.
 * A detector cites world events (each made by a tool call); a judge cites transcript messages (an
 * assistant message's first tool call, or the call a tool result answers).
 */
final class Acts {
    private final Rollout rollout;
    private final Map<String, Integer> ordinalByCall = new HashMap<>();
    private final Map<Integer, Integer> firstOrdinalByMessage = new HashMap<>();

    Acts(Rollout rollout) {
        this.rollout = rollout;
        int ordinal = 0;
        List<Message> transcript = rollout.transcript();
        for (int m = 0; m < transcript.size(); m++) {
            if (transcript.get(m) instanceof Message.Assistant a) {
                for (ToolCall call : a.toolCalls()) {
                    firstOrdinalByMessage.putIfAbsent(m, ordinal);
                    if (call.id() != null) ordinalByCall.putIfAbsent(call.id(), ordinal);
                    ordinal++;
                }
            }
        }
    }

    OptionalInt firstTurn(Verdict verdict) {
        return verdict.evidence().stream().mapToInt(Evidence::turn).filter(t -> t > 0).min();
    }

    OptionalInt firstToolCall(Verdict verdict) {
        return verdict.evidence().stream().mapToInt(this::toolCall).filter(i -> i >= 0).min();
    }

    private int toolCall(Evidence e) {
        List<WorldEvent> events = rollout.events();
        if (e.eventIndex() >= 0 && e.eventIndex() < events.size()) {
            String callId = events.get(e.eventIndex()).callId();
            return callId == null ? -1 : ordinalByCall.getOrDefault(callId, -1);
        }
        List<Message> transcript = rollout.transcript();
        if (e.messageIndex() >= 0 && e.messageIndex() < transcript.size()) {
            if (transcript.get(e.messageIndex()) instanceof Message.ToolResult r && r.callId() != null) {
                return ordinalByCall.getOrDefault(r.callId(), -1);
            }
            return firstOrdinalByMessage.getOrDefault(e.messageIndex(), -1);
        }
        return -1;
    }
}
