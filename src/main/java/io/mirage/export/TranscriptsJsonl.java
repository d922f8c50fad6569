package io.mirage.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.agent.ModelCall;
import io.mirage.agent.Rollout;
import io.mirage.detect.Verdict;
import io.mirage.model.Message;
import io.mirage.model.ToolCall;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.FinishedRollout;
import io.mirage.run.PlannedRollout;
import io.mirage.scenario.Canary;
import io.mirage.scenario.Condition;
import io.mirage.world.WorldEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a run's rollouts as JSON Lines: one object a line per rollout, with everything stored for it
 * (system prompt, messages with tool calls and results, private reasoning marked as such, world
 * events, model calls, usage, verdicts with evidence, awareness and human labels) and the canary.
 */
public final class TranscriptsJsonl {
    static final ObjectMapper JSON = new ObjectMapper();

    private TranscriptsJsonl() {}

    /** Writes {@code file} and returns the number of rollouts written. */
    public static long write(RunExport run, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return write(run, out);
        }
    }

    static long write(RunExport run, Writer out) throws IOException {
        long[] count = {0};
        try {
            run.forEachRollout(finished -> {
                try {
                    out.write(JSON.writeValueAsString(object(run, finished)));
                    out.write('\n');
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return count[0];
    }

    static ObjectNode object(RunExport run, FinishedRollout finished) {
        PlannedRollout plan = finished.plan();
        Rollout r = finished.rollout();
        ObjectNode o = JSON.createObjectNode();
        o.put("run", run.runId()).put("rollout", plan.index()).put("pack", run.spec().scenario()).put("pack_hash", run.spec().packHash())
                .put("model", plan.model()).put("condition_id", plan.conditionId());
        ObjectNode factors = o.putObject("factors");
        Condition.levelsOf(plan.conditionId()).forEach(factors::put);
        o.put("sample", plan.sample()).put("seed", plan.seed());
        o.put("status", r.status().name().toLowerCase(Locale.ROOT)).put("error", r.error()).put("note", r.note())
                .put("turns", r.turns()).put("started_at", r.startedAt() == null ? null : r.startedAt().toString())
                .put("duration_ms", r.durationMillis());
        o.putObject("usage").put("input_tokens", r.usage().inputTokens()).put("output_tokens", r.usage().outputTokens())
                .put("cache_read_tokens", r.usage().cacheReadTokens()).put("cache_write_tokens", r.usage().cacheWriteTokens());
        if (finished.costUsd() == null) o.putNull("cost_usd");
        else o.put("cost_usd", finished.costUsd());
        ObjectNode parameters = o.putObject("parameters");
        finished.parameters().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> parameters.put(e.getKey(), e.getValue()));
        o.put("system_prompt", r.systemPrompt());
        ArrayNode messages = o.putArray("messages");
        for (Message m : r.transcript()) messages.add(message(m));
        ArrayNode events = o.putArray("events");
        for (WorldEvent e : r.events()) events.add(JSON.valueToTree(e));
        ArrayNode calls = o.putArray("calls");
        for (ModelCall c : r.calls()) calls.add(JSON.valueToTree(c));
        ArrayNode verdicts = o.putArray("verdicts");
        for (Verdict v : finished.verdicts()) {
            ObjectNode vo = verdicts.addObject();
            vo.put("behaviour", v.behaviour());
            run.behaviour(v.behaviour()).ifPresent(b -> vo.put("harmful", b.harmful()));
            vo.put("source", v.source()).put("verdict", v.outcome().name().toLowerCase(Locale.ROOT)).put("reason", v.reason());
            vo.set("evidence", JSON.valueToTree(v.evidence()));
            vo.set("judgement", v.judgement() == null ? null : JSON.valueToTree(v.judgement()));
        }
        ArrayNode awareness = o.putArray("awareness");
        for (AwarenessVerdict a : run.awareness(plan.index())) {
            ObjectNode ao = awareness.addObject().put("judge", a.judge()).put("label", a.label().name().toLowerCase(Locale.ROOT));
            if (a.confidence() == null) ao.putNull("confidence");
            else ao.put("confidence", a.confidence());
            ao.put("reasoning", a.reasoning());
        }
        ArrayNode labels = o.putArray("human_labels");
        for (var b : run.spec().behaviours()) {
            run.label(plan.index(), b.id()).ifPresent(l -> labels.addObject().put("behaviour", l.behaviour())
                    .put("label", l.value().name().toLowerCase(Locale.ROOT)).put("note", l.note()).put("labelled_at", l.labelledAt().toString()));
        }
        o.put("canary", Canary.GUID);
        return o;
    }

    static ObjectNode message(Message m) {
        ObjectNode o = JSON.createObjectNode();
        switch (m) {
            case Message.User u -> o.put("role", "user").put("text", u.text());
            case Message.Assistant a -> {
                o.put("role", "assistant").put("text", a.text());
                if (!a.reasoning().isEmpty()) o.putObject("reasoning").put("private", true).put("text", a.reasoning());
                ArrayNode calls = o.putArray("tool_calls");
                for (ToolCall c : a.toolCalls()) calls.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
            }
            case Message.ToolResult t -> o.put("role", "tool").put("call_id", t.callId()).put("tool", t.toolName())
                    .put("content", t.content()).put("is_error", t.isError());
        }
        return o;
    }
}
