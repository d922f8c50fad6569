package io.mirage.store;

import io.mirage.agent.ModelCall;
import io.mirage.model.Message;
import io.mirage.world.WorldEvent;

import java.util.List;
import java.util.Map;

/**
 * The stored form of a rollout's conversation and events, as both stores encode it (see RecordCodec), with the
 * world's virtual start and what model-played stakeholders used (both null in records written before them).
 */
record RolloutRecord(String systemPrompt, List<Message> transcript, List<WorldEvent> events, List<ModelCall> calls,
                     Map<String, String> parameters, String note, String clockStart, io.mirage.model.Usage stakeholderUsage) {

    static RolloutRecord of(io.mirage.agent.Rollout r, Map<String, String> parameters) {
        return new RolloutRecord(r.systemPrompt(), r.transcript(), r.events(), r.calls(), parameters, r.note(), r.clockStart(),
                r.stakeholderUsage());
    }
}
