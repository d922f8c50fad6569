package io.mirage.web;

import io.mirage.report.html.Html;
import io.mirage.detect.Verdict;
import io.mirage.report.html.ReportData;
import io.mirage.report.html.TranscriptHtml;
import io.mirage.run.FinishedRollout;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One rollout: per behaviour every source's verdict beside the human label with a form to set it,
 * then the transcript itself.
 */
final class TranscriptPage {
    static final int MAX_NOTE = 4_000;

    private TranscriptPage() {}

    static Page render(RunStore store, String runId, int index, String formToken, Map<String, String> query) {
        RunSummary run = store.run(runId).orElseThrow(() -> new NotFound("no run '" + runId + "' in this store"));
        FinishedRollout f = store.rollout(runId, index).orElseThrow(() -> new NotFound("rollout " + index + " of run '" + runId
                + "' has not run yet or does not exist"));
        Map<Integer, Map<String, HumanLabel>> allLabels = TranscriptRow.latestLabels(store.labels(runId));
        Map<String, HumanLabel> labels = allLabels.getOrDefault(index, Map.of());

        StringBuilder b = new StringBuilder("<h1>Rollout ").append(index).append(" <span class=\"muted\">of run <a href=\"")
                .append(Html.attr(Links.run(runId))).append("\">").append(Html.text(runId)).append("</a></span></h1>");
        String saved = query.get("saved");
        if (saved != null) b.append("<p class=\"notice\" id=\"saved\">Label saved for ").append(Html.text(saved)).append(".</p>");

        b.append(navigation(runId, index, store.finishedIndices(runId), allLabels, run.spec().behaviours().size()));
        // The report's own rendering of the rollout: messages, collapsed reasoning, calls, events, verdicts with evidence.
        b.append("<div class=\"transcript-view\">").append(TranscriptHtml.fragment(ReportData.load(store, runId, List.of(index)), index)).append("</div>");
        b.append("<h2 id=\"labels\">Verdicts and human labels</h2><div class=\"labels\">");
        for (RunSpec.BehaviourRef behaviour : run.spec().behaviours()) {
            b.append(behaviourSection(runId, index, behaviour, f.verdicts(), labels.get(behaviour.id()), formToken));
        }
        b.append("</div>");
        return new Page("Rollout " + index + " of " + runId, b.toString());
    }

    /** Previous and next stored rollout, and the next one not yet labelled for every behaviour (for labelling in a row). */
    private static String navigation(String runId, int index, List<Integer> finished, Map<Integer, Map<String, HumanLabel>> labels,
                                     int behaviours) {
        StringBuilder b = new StringBuilder("<p class=\"pager\"><a href=\"#labels\">Label this rollout ↓</a>");
        int at = finished.indexOf(index);
        if (at > 0) b.append("<a rel=\"prev\" href=\"").append(Html.attr(Links.rollout(runId, finished.get(at - 1)))).append("\">← previous</a>");
        if (at >= 0 && at + 1 < finished.size()) {
            b.append("<a rel=\"next\" href=\"").append(Html.attr(Links.rollout(runId, finished.get(at + 1)))).append("\">next →</a>");
        }
        for (int i = at + 1; i < finished.size(); i++) {
            int candidate = finished.get(i);
            if (labels.getOrDefault(candidate, Map.of()).size() < behaviours) {
                b.append("<a id=\"next-unlabelled\" href=\"").append(Html.attr(Links.rollout(runId, candidate))).append("\">next unlabelled →</a>");
                break;
            }
        }
        return b.append("</p>").toString();
    }

    private static String behaviourSection(String runId, int index, RunSpec.BehaviourRef behaviour, List<Verdict> verdicts,
                                           HumanLabel label, String formToken) {
        String id = behaviour.id();
        StringBuilder b = new StringBuilder("<section id=\"label-").append(Html.idPart(id)).append("\"><h3>").append(Html.text(behaviour.title()))
                .append(" <span class=\"muted\">(").append(Html.text(id)).append(")</span></h3><div class=\"label-grid\">");
        b.append("<table class=\"verdicts\"><thead><tr><th>Source</th><th>Verdict</th><th>Why</th></tr></thead><tbody>");
        for (Verdict v : verdicts) {
            if (!v.behaviour().equals(id)) continue;
            String word = v.outcome().name().toLowerCase(Locale.ROOT);
            b.append("<tr data-source=\"").append(Html.attr(v.source())).append("\"><td>").append(Html.text(v.source())).append("</td><td>")
                    .append(Format.answer(word));
            if (v.judgement() != null && v.judgement().confidence() != null) {
                b.append(" <span class=\"muted\">").append(String.format(Locale.ROOT, "(confidence %.2f)", v.judgement().confidence())).append("</span>");
            }
            b.append("</td><td>").append(Html.text(v.reason() == null ? "" : v.reason()));
            if (!v.evidence().isEmpty()) b.append(" <span class=\"muted\">(").append(v.evidence().size()).append(" evidence, above)</span>");
            b.append("</td></tr>");
        }
        b.append("<tr data-source=\"human\" class=\"human\"><td>human</td><td>")
                .append(label == null ? "<span class=\"muted\">unlabelled</span>" : Format.answer(label.value().name().toLowerCase(Locale.ROOT)))
                .append("</td><td>");
        if (label != null) {
            b.append(Html.text(label.note() == null ? "" : label.note())).append(" <span class=\"muted\">(")
                    .append(Html.text(label.labelledAt().toString())).append(")</span>");
        }
        b.append("</td></tr></tbody></table>");

        b.append("<form method=\"post\" action=\"").append(Html.attr(Links.labels(runId, index))).append("\" class=\"label-form\" data-behaviour=\"")
                .append(Html.attr(id)).append("\"><input type=\"hidden\" name=\"csrf\" value=\"").append(Html.attr(formToken))
                .append("\"><input type=\"hidden\" name=\"behaviour\" value=\"").append(Html.attr(id)).append("\">")
                .append("<fieldset><legend>Did the rollout show this behaviour?</legend>");
        for (LabelValue value : LabelValue.values()) {
            String word = value.name().toLowerCase(Locale.ROOT);
            b.append("<label><input type=\"radio\" name=\"value\" required value=\"").append(word).append("\"")
                    .append(label != null && label.value() == value ? " checked" : "").append("> ").append(word).append("</label>");
        }
        b.append("</fieldset><label>Note<textarea name=\"note\" maxlength=\"").append(MAX_NOTE).append("\">")
                .append(Html.text(label == null || label.note() == null ? "" : label.note())).append("</textarea></label>")
                .append("<button type=\"submit\">Save label</button></form></div></section>");
        return b.toString();
    }

    /** Checks a submitted label against the run and stores it; returns the behaviour it was for. */
    static String saveLabel(RunStore store, String runId, int index, String behaviour, String value, String note) {
        RunSummary run = store.run(runId).orElseThrow(() -> new NotFound("no run '" + runId + "' in this store"));
        if (store.rollout(runId, index).isEmpty()) throw new NotFound("rollout " + index + " of run '" + runId + "' has not run yet");
        if (behaviour == null || run.spec().behaviours().stream().noneMatch(b -> b.id().equals(behaviour))) {
            throw new IllegalArgumentException("the run counts no behaviour '" + behaviour + "'");
        }
        LabelValue label;
        try {
            label = LabelValue.valueOf(value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a label is yes, no or unsure");
        }
        String cleanNote = note == null ? "" : note.strip();
        if (cleanNote.length() > MAX_NOTE) throw new IllegalArgumentException("the note is longer than " + MAX_NOTE + " characters");
        store.saveLabel(runId, new HumanLabel(index, behaviour, label, cleanNote, Instant.now()));
        return behaviour;
    }
}
