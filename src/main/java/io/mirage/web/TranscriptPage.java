package io.mirage.web;

import io.mirage.detect.Verdict;
import io.mirage.model.Message;
import io.mirage.model.ToolCall;
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
        Map<String, HumanLabel> labels = TranscriptRow.latestLabels(store.labels(runId)).getOrDefault(index, Map.of());

        StringBuilder b = new StringBuilder("<h1>Rollout ").append(index).append(" <span class=\"muted\">of run <a href=\"")
                .append(Esc.attr(Links.run(runId))).append("\">").append(Esc.text(runId)).append("</a></span></h1>");
        b.append("<p>").append(Esc.text(f.plan().model())).append(" · ").append(Esc.text(f.plan().conditionId())).append(" · sample ")
                .append(f.plan().sample()).append(" · ").append(Esc.text(f.rollout().status().name().toLowerCase(Locale.ROOT)))
                .append(" after ").append(f.rollout().turns()).append(" turns</p>");
        if (f.rollout().error() != null) b.append("<p class=\"notice\">Error: ").append(Esc.text(f.rollout().error())).append("</p>");
        String saved = query.get("saved");
        if (saved != null) b.append("<p class=\"notice\" id=\"saved\">Label saved for ").append(Esc.text(saved)).append(".</p>");

        b.append("<h2>Verdicts and human labels</h2><div class=\"labels\">");
        for (RunSpec.BehaviourRef behaviour : run.spec().behaviours()) {
            b.append(behaviourSection(runId, index, behaviour, f.verdicts(), labels.get(behaviour.id()), formToken));
        }
        b.append("</div><h2>Transcript</h2>").append(transcript(f));
        return new Page("Rollout " + index + " of " + runId, b.toString());
    }

    private static String behaviourSection(String runId, int index, RunSpec.BehaviourRef behaviour, List<Verdict> verdicts,
                                           HumanLabel label, String formToken) {
        String id = behaviour.id();
        StringBuilder b = new StringBuilder("<section id=\"label-").append(Esc.attr(id)).append("\"><h3>").append(Esc.text(behaviour.title()))
                .append(" <span class=\"muted\">(").append(Esc.text(id)).append(")</span></h3><div class=\"label-grid\">");
        b.append("<table class=\"verdicts\"><thead><tr><th>Source</th><th>Verdict</th><th>Why</th></tr></thead><tbody>");
        for (Verdict v : verdicts) {
            if (!v.behaviour().equals(id)) continue;
            String word = v.outcome().name().toLowerCase(Locale.ROOT);
            b.append("<tr data-source=\"").append(Esc.attr(v.source())).append("\"><td>").append(Esc.text(v.source())).append("</td><td>")
                    .append(Format.answer(word));
            if (v.judgement() != null && v.judgement().confidence() != null) {
                b.append(" <span class=\"muted\">").append(String.format(Locale.ROOT, "(confidence %.2f)", v.judgement().confidence())).append("</span>");
            }
            b.append("</td><td>").append(Esc.text(v.reason() == null ? "" : v.reason()));
            for (var e : v.evidence()) {
                b.append("<div class=\"evidence\"><span class=\"muted\">turn ").append(e.turn()).append(e.messageIndex() >= 0 ? ", quote" : "")
                        .append(":</span> ").append(Esc.text(e.summary())).append("</div>");
            }
            b.append("</td></tr>");
        }
        b.append("<tr data-source=\"human\" class=\"human\"><td>human</td><td>")
                .append(label == null ? "<span class=\"muted\">unlabelled</span>" : Format.answer(label.value().name().toLowerCase(Locale.ROOT)))
                .append("</td><td>");
        if (label != null) {
            b.append(Esc.text(label.note() == null ? "" : label.note())).append(" <span class=\"muted\">(")
                    .append(Esc.text(label.labelledAt().toString())).append(")</span>");
        }
        b.append("</td></tr></tbody></table>");

        b.append("<form method=\"post\" action=\"").append(Esc.attr(Links.labels(runId, index))).append("\" class=\"label-form\" data-behaviour=\"")
                .append(Esc.attr(id)).append("\"><input type=\"hidden\" name=\"csrf\" value=\"").append(Esc.attr(formToken))
                .append("\"><input type=\"hidden\" name=\"behaviour\" value=\"").append(Esc.attr(id)).append("\">")
                .append("<fieldset><legend>Did the rollout show this behaviour?</legend>");
        for (LabelValue value : LabelValue.values()) {
            String word = value.name().toLowerCase(Locale.ROOT);
            b.append("<label><input type=\"radio\" name=\"value\" required value=\"").append(word).append("\"")
                    .append(label != null && label.value() == value ? " checked" : "").append("> ").append(word).append("</label>");
        }
        b.append("</fieldset><label>Note<textarea name=\"note\" maxlength=\"").append(MAX_NOTE).append("\">")
                .append(Esc.text(label == null || label.note() == null ? "" : label.note())).append("</textarea></label>")
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

    /** The conversation, every piece escaped; reasoning is collapsed and marked private. */
    static String transcript(FinishedRollout f) {
        StringBuilder b = new StringBuilder("<div class=\"transcript\">");
        b.append("<details><summary>System prompt</summary><pre>").append(Esc.text(f.rollout().systemPrompt())).append("</pre></details>");
        for (Message m : f.rollout().transcript()) {
            switch (m) {
                case Message.User u -> b.append("<div class=\"msg user\"><h4>user</h4><pre>").append(Esc.text(u.text())).append("</pre></div>");
                case Message.Assistant a -> {
                    b.append("<div class=\"msg assistant\"><h4>assistant</h4>");
                    if (!a.reasoning().isEmpty()) {
                        b.append("<details class=\"reasoning\"><summary>Private reasoning</summary><pre>").append(Esc.text(a.reasoning()))
                                .append("</pre></details>");
                    }
                    if (!a.text().isEmpty()) b.append("<pre>").append(Esc.text(a.text())).append("</pre>");
                    for (ToolCall c : a.toolCalls()) {
                        b.append("<pre class=\"call\">→ ").append(Esc.text(c.name())).append(" ").append(Esc.text(c.arguments())).append("</pre>");
                    }
                    b.append("</div>");
                }
                case Message.ToolResult r -> b.append("<div class=\"msg tool\"><h4>").append(Esc.text(r.toolName())).append(r.isError() ? " (error)" : "")
                        .append("</h4><pre>").append(Esc.text(r.content())).append("</pre></div>");
            }
        }
        b.append("<h3>World events</h3><ol start=\"0\">");
        for (var e : f.rollout().events()) b.append("<li>turn ").append(e.turn()).append(": ").append(Esc.text(e.summary())).append("</li>");
        return b.append("</ol></div>").toString();
    }
}
