package io.mirage.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.model.Usage;
import io.mirage.run.FinishedRollout;
import io.mirage.run.RunSpec;
import io.mirage.scenario.Canary;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a run as Inspect AI logs, one per agent model (a run has one pack): the {@code .eval} zip
 * (header.json, _journal/start.json, samples/ID_epoch_N.json, summaries.json, reductions.json) or
 * the single-document {@code .json} log. Samples are written as the rollouts are read, one at a time;
 * only counts, and the small summaries (spooled to a temporary file), outlive a sample.
 */
public final class InspectLogs {
    /** Which of Inspect's two log formats to write. */
    public enum Format {
        EVAL(".eval"), JSON(".json");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    static final ObjectMapper MAPPER = TranscriptsJsonl.JSON;
    static final int LOG_VERSION = 2;

    private InspectLogs() {}

    /** Writes one log per model into {@code dir} (created if missing) and returns the files, in the run's model order. */
    public static List<Path> write(RunExport run, Path dir, Format format) throws IOException {
        Files.createDirectories(dir);
        Map<String, Log> logs = new LinkedHashMap<>();
        try {
            for (String model : run.spec().models()) {
                Path file = dir.resolve(fileName(run.runId(), model) + format.extension);
                logs.put(model, format == Format.EVAL ? new EvalZipLog(run, model, file) : new JsonLog(run, model, file));
            }
            try {
                run.forEachRollout(finished -> {
                    Log log = logs.get(finished.plan().model());
                    if (log == null) return;
                    try {
                        log.add(finished);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (Log log : logs.values()) log.finish();
        } finally {
            for (Log log : logs.values()) log.closeQuietly();
        }
        return logs.values().stream().map(l -> l.file).toList();
    }

    static String fileName(String runId, String model) {
        return (runId + "_" + model).replaceAll("[^A-Za-z0-9._-]+", "-");
    }

    /** One log: the spec and plan, and what the samples add up to (results, stats, reductions). */
    abstract static class Log {
        final RunExport run;
        final String model;
        final Path file;
        int samples;
        int completed;
        Usage usage = Usage.NONE;
        Double cost;
        Instant started;
        Instant finished;
        /** Per score name: {yes, scored, unscored}, in first-seen order. */
        final Map<String, long[]> counts = new LinkedHashMap<>();
        /** Per score name and sample id (condition): {sum, n} for the per-condition mean of reductions.json. */
        final Map<String, Map<String, double[]>> reductions = new LinkedHashMap<>();

        Log(RunExport run, String model, Path file) {
            this.run = run;
            this.model = model;
            this.file = file;
        }

        final void add(FinishedRollout f) throws IOException {
            ObjectNode sample = InspectSample.sample(run, f);
            samples++;
            if (f.rollout().status() != RolloutStatus.ERROR) completed++;
            usage = usage.plus(f.rollout().usage());
            if (f.costUsd() != null) cost = (cost == null ? 0 : cost) + f.costUsd();
            Instant start = f.rollout().startedAt();
            if (start != null) {
                Instant end = start.plusMillis(f.rollout().durationMillis());
                if (started == null || start.isBefore(started)) started = start;
                if (finished == null || end.isAfter(finished)) finished = end;
            }
            for (Verdict v : f.verdicts()) {
                String name = InspectSample.scoreName(v.behaviour(), v.source());
                long[] c = counts.computeIfAbsent(name, n -> new long[3]);
                if (v.outcome() == Outcome.INDETERMINATE) {
                    c[2]++;
                    continue;
                }
                int value = v.outcome() == Outcome.YES ? 1 : 0;
                c[0] += value;
                c[1]++;
                double[] r = reductions.computeIfAbsent(name, n -> new LinkedHashMap<>()).computeIfAbsent(f.plan().conditionId(), id -> new double[2]);
                r[0] += value;
                r[1]++;
            }
            writeSample(sample, InspectSample.summary(sample, f.rollout().retryCount()));
        }

        abstract void writeSample(ObjectNode sample, ObjectNode summary) throws IOException;

        abstract void finish() throws IOException;

        abstract void closeQuietly();

        ObjectNode spec() {
            RunSpec spec = run.spec();
            ObjectNode e = MAPPER.createObjectNode();
            e.put("eval_id", fileName(run.runId(), model)).put("run_id", run.runId()).put("created", InspectSample.time(run.summary().createdAt()))
                    .put("task", spec.scenario()).put("task_id", spec.scenario() + "@" + spec.packHash()).put("task_version", 0);
            e.putObject("task_attribs");
            e.putObject("task_args");
            e.putObject("task_args_passed");
            e.put("solver", "mirage/agent_loop");
            ObjectNode dataset = e.putObject("dataset").put("name", spec.scenario()).put("samples", spec.conditions().size());
            ArrayNode ids = dataset.putArray("sample_ids");
            spec.conditions().forEach(ids::add);
            dataset.put("shuffled", false);
            e.put("model", model);
            e.putObject("model_generate_config");
            ObjectNode args = e.putObject("model_args");
            spec.modelSettings().getOrDefault(model, Map.of()).forEach(args::put);
            e.putObject("config").put("epochs", spec.samples()).put("fail_on_error", false).put("turn_limit", spec.maxTurns());
            e.putObject("packages").put("mirage", io.mirage.experiment.BuildInfo.current().version());
            ObjectNode metadata = e.putObject("metadata").put("mirage_run", run.runId()).put("pack", spec.scenario())
                    .put("pack_hash", spec.packHash()).put("seed", spec.seed()).put("tool_protocol", spec.toolProtocol())
                    .put("max_turns", spec.maxTurns()).put("canary", Canary.GUID);
            ArrayNode factors = metadata.putArray("factors");
            run.factors().forEach(factors::add);
            ArrayNode behaviours = metadata.putArray("behaviours");
            spec.behaviours().forEach(b -> behaviours.addObject().put("id", b.id()).put("title", b.title()).put("harmful", b.harmful()));
            return e;
        }

        ObjectNode plan() {
            ObjectNode plan = MAPPER.createObjectNode().put("name", "plan");
            plan.putArray("steps").addObject().put("solver", "mirage/agent_loop")
                    .<ObjectNode>set("params", MAPPER.createObjectNode().put("max_turns", run.spec().maxTurns()).put("tool_protocol", run.spec().toolProtocol()))
                    .putObject("params_passed");
            plan.putObject("config");
            return plan;
        }

        /** EvalResults: per score, the mean over scored samples; indeterminate verdicts are unscored. */
        ObjectNode results() {
            ObjectNode results = MAPPER.createObjectNode().put("total_samples", samples).put("completed_samples", completed);
            ArrayNode scores = results.putArray("scores");
            counts.forEach((name, c) -> {
                String source = name.substring(name.indexOf('/') + 1);
                ObjectNode s = scores.addObject().put("name", name).put("scorer", source).putNull("reducer")
                        .put("scored_samples", c[1]).put("unscored_samples", c[2]);
                s.putObject("params");
                ObjectNode metrics = s.putObject("metrics");
                if (c[1] > 0) metrics.putObject("mean").put("name", "mean").put("value", (double) c[0] / c[1]).putObject("params");
                s.putObject("metadata").put("yes", c[0]).put("no", c[1] - c[0]).put("indeterminate", c[2]);
            });
            return results;
        }

        ObjectNode stats() {
            ObjectNode stats = MAPPER.createObjectNode().put("started_at", started == null ? "" : InspectSample.time(started))
                    .put("completed_at", finished == null ? "" : InspectSample.time(finished));
            stats.putObject("model_usage").set(model, InspectSample.usage(usage, cost));
            return stats;
        }

        /** EvalSampleReductions: per score, each condition's mean over its scored epochs (Inspect's default mean reducer). */
        ArrayNode reductionsNode() {
            ArrayNode all = MAPPER.createArrayNode();
            reductions.forEach((name, byCondition) -> {
                ObjectNode r = all.addObject().put("scorer", name).put("reducer", "mean");
                ArrayNode list = r.putArray("samples");
                byCondition.forEach((id, sn) -> list.addObject().put("value", sn[0] / sn[1]).put("sample_id", id).putArray("history"));
            });
            return all;
        }

        /** The header: EvalLog without samples and reductions. */
        ObjectNode header() {
            ObjectNode h = MAPPER.createObjectNode().put("version", LOG_VERSION).put("status", "success");
            h.set("eval", spec());
            h.set("plan", plan());
            h.set("results", results());
            h.set("stats", stats());
            h.putNull("error");
            h.put("invalidated", false);
            h.putArray("tags");
            h.putObject("metadata").put("canary", Canary.GUID);
            return h;
        }
    }

    /** The .eval zip. */
    static final class EvalZipLog extends Log {
        private final ZipOutputStream zip;
        private final Path summaries;
        private final OutputStream summaryOut;
        private boolean firstSummary = true;

        EvalZipLog(RunExport run, String model, Path file) throws IOException {
            super(run, model, file);
            zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
            summaries = Files.createTempFile("mirage-inspect-summaries", ".json");
            summaryOut = new BufferedOutputStream(Files.newOutputStream(summaries));
            summaryOut.write('[');
            ObjectNode start = MAPPER.createObjectNode().put("version", LOG_VERSION);
            start.set("eval", spec());
            start.set("plan", plan());
            entry("_journal/start.json", MAPPER.writeValueAsBytes(start));
        }

        private void entry(String name, byte[] bytes) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(bytes);
            zip.closeEntry();
        }

        @Override
        void writeSample(ObjectNode sample, ObjectNode summary) throws IOException {
            entry("samples/" + sample.get("id").asText() + "_epoch_" + sample.get("epoch").asInt() + ".json", MAPPER.writeValueAsBytes(sample));
            if (!firstSummary) summaryOut.write(',');
            firstSummary = false;
            summaryOut.write(MAPPER.writeValueAsBytes(summary));
        }

        @Override
        void finish() throws IOException {
            summaryOut.write(']');
            summaryOut.close();
            zip.putNextEntry(new ZipEntry("summaries.json"));
            Files.copy(summaries, zip);
            zip.closeEntry();
            entry("reductions.json", MAPPER.writeValueAsBytes(reductionsNode()));
            entry("header.json", MAPPER.writeValueAsBytes(header()));
            zip.close();
        }

        @Override
        void closeQuietly() {
            try {
                summaryOut.close();
            } catch (IOException ignored) {
                // already reported or closed
            }
            try {
                zip.close();
            } catch (IOException ignored) {
                // already reported or closed
            }
            try {
                Files.deleteIfExists(summaries);
            } catch (IOException ignored) {
                // a temporary file the system cleans up
            }
        }
    }

    /** The .json log: one EvalLog document, its samples streamed into it. */
    static final class JsonLog extends Log {
        private final JsonGenerator out;

        JsonLog(RunExport run, String model, Path file) throws IOException {
            super(run, model, file);
            out = MAPPER.getFactory().createGenerator(Files.newOutputStream(file), JsonEncoding.UTF8);
            out.writeStartObject();
            out.writeNumberField("version", LOG_VERSION);
            out.writeStringField("status", "success");
            out.writeFieldName("eval");
            MAPPER.writeTree(out, spec());
            out.writeFieldName("plan");
            MAPPER.writeTree(out, plan());
            out.writeArrayFieldStart("samples");
        }

        @Override
        void writeSample(ObjectNode sample, ObjectNode summary) throws IOException {
            MAPPER.writeTree(out, sample);
        }

        @Override
        void finish() throws IOException {
            out.writeEndArray();
            ObjectNode header = header();
            for (String field : List.of("results", "stats", "error", "invalidated", "tags", "metadata")) {
                out.writeFieldName(field);
                MAPPER.writeTree(out, header.get(field));
            }
            out.writeFieldName("reductions");
            MAPPER.writeTree(out, reductionsNode());
            out.writeEndObject();
            out.close();
        }

        @Override
        void closeQuietly() {
            try {
                out.close();
            } catch (IOException ignored) {
                // already reported or closed
            }
        }
    }
}
