package io.mirage.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.model.Message;
import io.mirage.model.Usage;
import io.mirage.run.FinishedRollout;
import io.mirage.run.PlannedRollout;
import io.mirage.scenario.Canary;
import io.mirage.scenario.Condition;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * One rollout as an Inspect EvalSample (inspect_ai/log/_log.py): id the condition id, epoch the
 * sample number + 1 (Inspect counts epochs from 1), the conversation, one Score per behaviour ×
 * verdict source with value 1 (yes) or 0 (no) — an indeterminate verdict gives no score at all —
 * factor levels, pack hash and canary in the metadata, world events in the store, and the rollout's
 * error as the sample's error.
 */
final class InspectSample {
    private static final ObjectMapper JSON = TranscriptsJsonl.JSON;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private InspectSample() {}

    /** The score name of a behaviour under a verdict source, e.g. {@code blackmail/detector}. */
    static String scoreName(String behaviour, String source) {
        return behaviour + "/" + source;
    }

    static String time(Instant instant) {
        return UTC.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    static ObjectNode sample(RunExport run, FinishedRollout finished) {
        PlannedRollout plan = finished.plan();
        Rollout r = finished.rollout();
        ObjectNode s = JSON.createObjectNode();
        s.put("id", plan.conditionId()).put("epoch", plan.sample() + 1);
        s.put("input", firstUserText(r)).put("target", "");
        ArrayNode messages = InspectMessages.of(r, plan.model());
        s.set("messages", messages);
        s.set("output", InspectMessages.output(r, messages, plan.model()));
        s.set("scores", scores(run, finished));
        s.set("metadata", metadata(run, finished));
        ObjectNode store = s.putObject("store");
        store.set("mirage/world_events", JSON.valueToTree(r.events()));
        s.putArray("events");
        s.putObject("model_usage").set(plan.model(), usage(r.usage(), finished.costUsd()));
        if (r.startedAt() != null) {
            s.put("started_at", time(r.startedAt())).put("completed_at", time(r.startedAt().plusMillis(r.durationMillis())));
        }
        s.put("total_time", r.durationMillis() / 1000.0).put("working_time", r.durationMillis() / 1000.0);
        s.put("uuid", run.runId() + "-" + plan.index());
        if (r.status() == RolloutStatus.ERROR) {
            s.putObject("error").put("message", r.error() == null ? "the rollout ended in an error" : r.error())
                    .put("traceback", "").put("traceback_ansi", "");
        } else {
            s.putNull("error");
        }
        if (r.status() == RolloutStatus.TURN_LIMIT) s.putObject("limit").put("type", "turn").put("limit", run.spec().maxTurns());
        else s.putNull("limit");
        s.putObject("attachments");
        s.put("turn_count", r.turns());
        return s;
    }

    /** The sample's EvalSampleSummary, as summaries.json lists it. */
    static ObjectNode summary(ObjectNode sample, int retries) {
        ObjectNode m = JSON.createObjectNode();
        for (String field : new String[]{"id", "epoch", "input", "target", "scores", "model_usage", "started_at", "completed_at",
                "total_time", "working_time", "uuid"}) {
            if (sample.has(field)) m.set(field, sample.get(field));
        }
        ObjectNode metadata = m.putObject("metadata");
        sample.get("metadata").get("factors").properties().forEach(e -> metadata.set(e.getKey(), e.getValue()));
        m.put("error", sample.get("error").isNull() ? null : sample.get("error").get("message").asText());
        m.put("limit", sample.get("limit").isNull() ? null : sample.get("limit").get("type").asText());
        m.put("retries", retries).put("completed", true).put("message_count", sample.get("messages").size());
        m.set("turn_count", sample.get("turn_count"));
        return m;
    }

    private static ObjectNode scores(RunExport run, FinishedRollout finished) {
        ObjectNode scores = JSON.createObjectNode();
        Acts acts = new Acts(finished.rollout());
        for (Verdict v : finished.verdicts()) {
            if (v.outcome() == Outcome.INDETERMINATE) continue;
            ObjectNode score = scores.putObject(scoreName(v.behaviour(), v.source()));
            score.put("value", v.outcome() == Outcome.YES ? 1 : 0).put("answer", v.outcome().name().toLowerCase(Locale.ROOT))
                    .put("explanation", v.reason());
            ObjectNode metadata = score.putObject("metadata").put("behaviour", v.behaviour()).put("source", v.source());
            run.behaviour(v.behaviour()).ifPresent(b -> metadata.put("harmful", b.harmful()));
            acts.firstTurn(v).ifPresent(t -> metadata.put("first_turn", t));
            acts.firstToolCall(v).ifPresent(t -> metadata.put("first_tool_call", t));
            metadata.set("evidence", JSON.valueToTree(v.evidence()));
            if (v.judgement() != null) metadata.set("judgement", JSON.valueToTree(v.judgement()));
            score.putArray("history");
        }
        return scores;
    }

    private static ObjectNode metadata(RunExport run, FinishedRollout finished) {
        PlannedRollout plan = finished.plan();
        Rollout r = finished.rollout();
        ObjectNode m = JSON.createObjectNode();
        ObjectNode factors = m.putObject("factors");
        Condition.levelsOf(plan.conditionId()).forEach(factors::put);
        m.put("condition_id", plan.conditionId()).put("sample", plan.sample()).put("seed", plan.seed())
                .put("mirage_run", run.runId()).put("mirage_rollout", plan.index()).put("pack", run.spec().scenario())
                .put("pack_hash", run.spec().packHash()).put("status", r.status().name().toLowerCase(Locale.ROOT)).put("note", r.note())
                .put("retries", r.retryCount()).put("canary", Canary.GUID);
        ArrayNode indeterminate = m.putArray("indeterminate");
        for (Verdict v : finished.verdicts()) {
            if (v.outcome() == Outcome.INDETERMINATE) {
                indeterminate.addObject().put("score", scoreName(v.behaviour(), v.source())).put("reason", v.reason());
            }
        }
        return m;
    }

    /** Inspect's ModelUsage: input_tokens excludes cached input, as Mirage's does. */
    static ObjectNode usage(Usage u, Double cost) {
        ObjectNode o = JSON.createObjectNode().put("input_tokens", u.inputTokens()).put("output_tokens", u.outputTokens())
                .put("total_tokens", u.inputTokens() + u.outputTokens() + u.cacheReadTokens() + u.cacheWriteTokens())
                .put("input_tokens_cache_write", u.cacheWriteTokens()).put("input_tokens_cache_read", u.cacheReadTokens());
        if (cost == null) o.putNull("total_cost");
        else o.put("total_cost", cost);
        return o;
    }

    private static String firstUserText(Rollout r) {
        for (Message m : r.transcript()) if (m instanceof Message.User u) return u.text();
        return "";
    }
}
