package io.mirage.store;

import io.mirage.agent.ModelCall;
import io.mirage.model.Message;
import io.mirage.world.WorldEvent;

import java.util.List;
import java.util.Map;

/** The stored form of a rollout's conversation and events, as both stores encode it (see RecordCodec). */
record RolloutRecord(String systemPrompt, List<Message> transcript, List<WorldEvent> events, List<ModelCall> calls,
                     Map<String, String> parameters, String note) {}
