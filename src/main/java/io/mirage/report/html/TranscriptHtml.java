package io.mirage.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.agent.Rollout;
import io.mirage.detect.Evidence;
import io.mirage.detect.Judgement;
import io.mirage.detect.Verdict;
import io.mirage.model.Message;
import io.mirage.model.ToolCall;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.FinishedRollout;
import io.mirage.run.HumanLabel;
import io.mirage.run.RunSpec;
import io.mirage.scenario.Condition;
import io.mirage.world.WorldEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * One rollout as people read it: how it ended, each verdict per source with its evidence, the
 * system prompt (collapsed), every message — private reasoning collapsed and marked as such, tool
 * calls with their arguments, tool results — and the world's events under the tool call that caused
 * them (a tool_called event only when it is evidence: the call is shown above it). Detector evidence
 * marks its event row; judge quotes are marked inside the message text and listed with the section
 * they came from (the agent's action, its reasoning, an incoming message or the world's reply).
 * Every piece of text from the rollout is escaped; nothing in it becomes a link. Ids inside the
 * fragment start with {@code t<index>-}, so many fragments can share one page.
 */
public final class TranscriptHtml {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tool results longer than this start collapsed (unless a judge quoted them). */
    private static final int LONG_RESULT = 800;

    private TranscriptHtml() {}

    /** The rollout's HTML fragment (no document wrapper). The rollout must be loaded in {@code data}. */
    public static String fragment(ReportData data, int rolloutIndex) {
        FinishedRollout f = data.transcripts().get(rolloutIndex);
        if (f == null) {
            throw new IllegalArgumentException("rollout " + rolloutIndex + " of run " + data.run().id()
                    + " is not loaded; load it with ReportData.load(store, runId, List.of(" + rolloutIndex + "))");
        }
        return new TranscriptHtml.Renderer(data, f).render();
    }

    private static final class Renderer {
        private final ReportData data;
        private final FinishedRollout f;
        private final Rollout r;
        private final int index;
        private final String p; // id prefix
        private final List<Verdict> verdicts;
        /** event index -> "behaviour (source)" labels citing it */
        private final Map<Integer, List<String>> eventEvidence = new HashMap<>();
        /** message index -> quotes in it */
        private final Map<Integer, List<Highlighter.Quote>> quotes = new HashMap<>();
        private final Map<Integer, Highlighter> highlighters = new HashMap<>();

        Renderer(ReportData data, FinishedRollout f) {
            this.data = data;
            this.f = f;
            this.r = f.rollout();
            this.index = f.plan().index();
            this.p = "t" + index + "-";
            List<String> order = data.sources();
            this.verdicts = f.verdicts().stream().sorted(Comparator
                    .comparingInt((Verdict v) -> behaviourRank(data.spec(), v.behaviour()))
                    .thenComparingInt(v -> order.indexOf(v.source()) < 0 ? Integer.MAX_VALUE : order.indexOf(v.source()))
                    .thenComparing(Verdict::source)).toList();
            for (Verdict v : verdicts) {
                String label = v.behaviour() + " (" + v.source() + ")";
                for (Evidence e : v.evidence()) {
                    if (e.eventIndex() >= 0) eventEvidence.computeIfAbsent(e.eventIndex(), k -> new ArrayList<>()).add(label);
                    else if (e.messageIndex() >= 0) quotes.computeIfAbsent(e.messageIndex(), k -> new ArrayList<>())
                            .add(new Highlighter.Quote(e.summary(), label));
                }
            }
        }

        String render() {
            String messages = messages(); // first: it finds which quotes occur where
            StringBuilder sb = new StringBuilder(messages.length() + 8192);
            sb.append("<article class=\"rollout\" data-index=\"").append(index).append("\" data-model=\"").append(attr(f.plan().model()))
                    .append("\" data-condition=\"").append(attr(f.plan().conditionId())).append("\" data-status=\"")
                    .append(attr(status())).append("\">");
            header(sb);
            verdictTable(sb);
            awareness(sb);
            sb.append("<details class=\"system\"><summary>System prompt (").append(r.systemPrompt() == null ? 0 : r.systemPrompt().length())
                    .append(" characters)</summary><div class=\"text\">").append(text(r.systemPrompt())).append("</div></details>");
            sb.append(messages);
            otherEvents(sb);
            return sb.append("</article>").toString();
        }

        private String status() {
            return r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        private void header(StringBuilder sb) {
            sb.append("<h3>Rollout ").append(index).append(" <span class=\"status s-").append(attr(r.status().name().toLowerCase(Locale.ROOT)))
                    .append("\">").append(text(status())).append("</span></h3>");
            sb.append("<dl class=\"meta\">");
            dt(sb, "model", text(f.plan().model()));
            dt(sb, "condition", text(Condition.shortId(f.plan().conditionId())));
            dt(sb, "sample · seed", f.plan().sample() + " · " + Long.toUnsignedString(f.plan().seed()));
            if (r.error() != null) dt(sb, "error", "<span class=\"error\">" + text(r.error()) + "</span>");
            if (r.note() != null) dt(sb, "note", text(r.note()));
            dt(sb, "turns", r.turns() + " of at most " + data.spec().maxTurns());
            dt(sb, "time", text(String.valueOf(r.startedAt())) + " · " + r.durationMillis() + " ms");
            if (r.usage() != null) {
                dt(sb, "tokens", String.format(Locale.ROOT, "%d in · %d out · %d cache read · %d cache write", r.usage().inputTokens(),
                        r.usage().outputTokens(), r.usage().cacheReadTokens(), r.usage().cacheWriteTokens()));
            }
            dt(sb, "cost", f.costUsd() == null ? "unpriced" : String.format(Locale.ROOT, "$%.4f", f.costUsd()));
            int retries = r.retryCount();
            if (retries > 0) dt(sb, "retries", Integer.toString(retries));
            if (!f.parameters().isEmpty()) dt(sb, "request parameters", text(new TreeMap<>(f.parameters()).toString()));
            sb.append("</dl>");
        }

        private static void dt(StringBuilder sb, String term, String html) {
            sb.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>");
        }

        private void verdictTable(StringBuilder sb) {
            Map<String, HumanLabel> labels = data.labelsByRollout().getOrDefault(index, Map.of());
            // Evidence quotes a model's text, which may hold long unbroken strings: the table wraps them and scrolls in its
            // own box rather than pushing the page wider.
            sb.append("<div class=\"scroll verdicts\"><table class=\"verdicts\"><thead><tr><th>behaviour</th><th>source</th><th>verdict</th><th>evidence and reasons</th></tr></thead><tbody>");
            for (Verdict v : verdicts) {
                String outcome = v.outcome().name().toLowerCase(Locale.ROOT);
                sb.append("<tr data-behaviour=\"").append(attr(v.behaviour())).append("\" data-source=\"").append(attr(v.source()))
                        .append("\" data-outcome=\"").append(outcome).append("\"><td>").append(text(v.behaviour())).append("</td><td>")
                        .append(text(v.source())).append("</td><td><span class=\"v v-").append(outcome).append("\">").append(outcome)
                        .append("</span></td><td>");
                evidence(sb, v);
                sb.append("</td></tr>");
            }
            for (RunSpec.BehaviourRef b : data.spec().behaviours()) {
                HumanLabel l = labels.get(b.id());
                if (l == null) continue;
                String value = l.value().name().toLowerCase(Locale.ROOT);
                sb.append("<tr class=\"human\" data-behaviour=\"").append(attr(b.id())).append("\" data-source=\"human\" data-outcome=\"")
                        .append(value).append("\"><td>").append(text(b.id())).append("</td><td>human label</td><td><span class=\"v v-")
                        .append(value).append("\">").append(value).append("</span></td><td>")
                        .append(l.note() == null || l.note().isBlank() ? "" : "<div class=\"text\">" + text(l.note()) + "</div>")
                        .append("<span class=\"muted\">labelled ").append(text(String.valueOf(l.labelledAt()))).append("</span></td></tr>");
            }
            sb.append("</tbody></table></div>");
        }

        private void evidence(StringBuilder sb, Verdict v) {
            if (!v.evidence().isEmpty()) {
                sb.append("<ul class=\"evidence\">");
                for (Evidence e : v.evidence()) {
                    sb.append(e.section() == null ? "<li>" : "<li data-section=\"" + e.section().id() + "\">");
                    if (e.eventIndex() >= 0) {
                        sb.append("<a href=\"#").append(p).append('e').append(e.eventIndex()).append("\">event ").append(e.eventIndex())
                                .append(", turn ").append(e.turn()).append("</a>: ").append(text(e.summary()));
                    } else if (e.messageIndex() >= 0) {
                        sb.append("<a href=\"#").append(p).append('m').append(e.messageIndex()).append("\">message ").append(e.messageIndex())
                                .append("</a>");
                        // Whose words the quote is: only the agent's own action can show that it acted.
                        if (e.section() != null) {
                            sb.append(" <span class=\"quote-from from-").append(e.section().id()).append("\">").append(text(e.section().label()))
                                    .append("</span>");
                        }
                        sb.append(": <q>").append(text(e.summary())).append("</q>");
                        Highlighter h = highlighters.get(e.messageIndex());
                        if (h == null || h.notFound().stream().anyMatch(q -> q.text().equals(e.summary()))) {
                            sb.append(" <span class=\"warn\">(not found verbatim in that message)</span>");
                        }
                    } else {
                        sb.append(text(e.summary()));
                    }
                    sb.append("</li>");
                }
                sb.append("</ul>");
            }
            if (v.reason() != null && !v.reason().isBlank()) sb.append("<div class=\"reason\">").append(text(v.reason())).append("</div>");
            Judgement j = v.judgement();
            if (j != null) {
                sb.append("<div class=\"judgement\">judge ").append(text(j.judgeModel()));
                if (j.confidence() != null) sb.append(" · confidence ").append(Html.number(j.confidence(), 2));
                if (j.rubricHash() != null) sb.append(" · rubric <code>").append(text(shortHash(j.rubricHash()))).append("</code>");
                if (!j.parameters().isEmpty()) sb.append(" · ").append(text(new TreeMap<>(j.parameters()).toString()));
                sb.append("</div>");
                if (j.reasoning() != null && !j.reasoning().isBlank()) {
                    sb.append("<details class=\"judge-reasoning\"><summary>judge's reasoning</summary><div class=\"text\">")
                            .append(text(j.reasoning())).append("</div></details>");
                }
            }
        }

        private void awareness(StringBuilder sb) {
            List<AwarenessVerdict> mine = data.awareness().stream().filter(a -> a.index() == index).toList();
            if (mine.isEmpty()) return;
            sb.append("<div class=\"awareness\"><h4>Eval awareness</h4><ul>");
            for (AwarenessVerdict a : mine) {
                String label = a.label().name().toLowerCase(Locale.ROOT);
                sb.append("<li data-awareness=\"").append(label).append("\">").append(text(a.judge())).append(": <span class=\"v aw-")
                        .append(label).append("\">").append(label).append("</span>");
                if (a.confidence() != null) sb.append(" · confidence ").append(Html.number(a.confidence(), 2));
                if (a.reasoning() != null && !a.reasoning().isBlank()) {
                    sb.append("<details><summary>reasoning</summary><div class=\"text\">").append(text(a.reasoning())).append("</div></details>");
                }
                sb.append("</li>");
            }
            sb.append("</ul></div>");
        }

        // ---- messages ----

        /** (turn, call id) -> event indexes, so each event shows under the tool call that caused it. */
        private final Map<String, List<Integer>> eventsByCall = new LinkedHashMap<>();
        private boolean[] shown;

        private String messages() {
            List<WorldEvent> events = r.events();
            shown = new boolean[events.size()];
            for (int e = 0; e < events.size(); e++) {
                WorldEvent ev = events.get(e);
                eventsByCall.computeIfAbsent(ev.turn() + "\n" + ev.callId(), k -> new ArrayList<>()).add(e);
            }
            StringBuilder sb = new StringBuilder();
            sb.append("<ol class=\"messages\" start=\"0\">");
            int turn = 0;
            List<Message> transcript = r.transcript();
            for (int m = 0; m < transcript.size(); m++) {
                Message msg = transcript.get(m);
                Highlighter h = new Highlighter(quotes.getOrDefault(m, List.of()));
                highlighters.put(m, h);
                switch (msg) {
                    case Message.User u -> {
                        open(sb, m, "user", "user" + (m == 0 ? " · the scenario's first message" : ""));
                        sb.append("<div class=\"text\">").append(h.mark(u.text())).append("</div>");
                    }
                    case Message.Assistant a -> {
                        turn++;
                        open(sb, m, "assistant", "assistant · turn " + turn);
                        if (!a.reasoning().isBlank()) {
                            sb.append("<details class=\"reasoning\"").append(h.matches(a.reasoning()) ? " open" : "")
                                    .append("><summary><span class=\"private\">private reasoning</span> — the model's own deliberation, ")
                                    .append("not seen by the world; detectors never read it</summary><div class=\"text\">")
                                    .append(h.mark(a.reasoning())).append("</div></details>");
                        }
                        if (!a.text().isEmpty()) sb.append("<div class=\"text\">").append(h.mark(a.text())).append("</div>");
                        if (a.text().isEmpty() && a.toolCalls().isEmpty()) sb.append("<div class=\"muted\">(empty reply)</div>");
                        for (ToolCall call : a.toolCalls()) toolCall(sb, call, h);
                    }
                    case Message.ToolResult t -> {
                        open(sb, m, "tool" + (t.isError() ? " tool-error" : ""), "tool result · " + t.toolName()
                                + (t.isError() ? " · error" : ""));
                        sb.append("<span class=\"call-id\">").append(text(t.callId())).append("</span>");
                        String content = t.content() == null ? "" : t.content();
                        if (content.length() > LONG_RESULT && !h.matches(content)) {
                            sb.append("<details class=\"result\"><summary>").append(text(firstLine(content))).append(" … (")
                                    .append(content.length()).append(" characters)</summary><div class=\"text\">").append(text(content))
                                    .append("</div></details>");
                        } else {
                            sb.append("<div class=\"text\">").append(h.mark(content)).append("</div>");
                        }
                        events(sb, eventsByCall.get(turn + "\n" + t.callId()));
                    }
                }
                sb.append("</li>");
            }
            return sb.append("</ol>").toString();
        }

        private void open(StringBuilder sb, int m, String cssClass, String role) {
            sb.append("<li class=\"msg ").append(cssClass).append("\" id=\"").append(p).append('m').append(m).append("\" data-message=\"")
                    .append(m).append("\"><div class=\"role\">").append(text(role)).append(" <span class=\"muted\">#").append(m)
                    .append("</span></div>");
        }

        private void toolCall(StringBuilder sb, ToolCall call, Highlighter h) {
            sb.append("<div class=\"call\"><div class=\"call-head\">calls <span class=\"tool\">").append(text(call.name()))
                    .append("</span> <span class=\"call-id\">").append(text(call.id())).append("</span></div>");
            JsonNode args = null;
            try {
                args = call.arguments() == null || call.arguments().isBlank() ? null : JSON.readTree(call.arguments());
            } catch (com.fasterxml.jackson.core.JsonProcessingException malformed) {
                // shown raw below, marked as malformed
            }
            if (args != null && args.isObject()) {
                sb.append("<dl class=\"args\">");
                for (Map.Entry<String, JsonNode> field : args.properties()) {
                    JsonNode v = field.getValue();
                    String shown = v.isTextual() ? v.textValue() : v.toString();
                    sb.append("<dt>").append(text(field.getKey())).append("</dt><dd><div class=\"text\">").append(h.mark(shown))
                            .append("</div></dd>");
                }
                sb.append("</dl>");
            } else {
                sb.append("<div class=\"text raw-args\">").append(h.mark(call.arguments())).append("</div>");
                if (args == null && call.arguments() != null && !call.arguments().isBlank()) {
                    sb.append("<div class=\"warn\">arguments are not valid JSON</div>");
                }
            }
            sb.append("</div>");
        }

        private void events(StringBuilder sb, List<Integer> indexes) {
            if (indexes == null || indexes.isEmpty()) return;
            int mark = sb.length();
            sb.append("<ul class=\"events\">");
            int before = sb.length();
            for (int e : indexes) event(sb, e);
            if (sb.length() == before) sb.setLength(mark);
            else sb.append("</ul>");
        }

        private void event(StringBuilder sb, int e) {
            shown[e] = true;
            WorldEvent ev = r.events().get(e);
            List<String> cited = eventEvidence.getOrDefault(e, List.of());
            // The call itself is shown just above with its arguments; its event row only matters as evidence.
            if (ev instanceof WorldEvent.ToolCalled && cited.isEmpty()) return;
            String type = type(ev);
            sb.append("<li class=\"event").append(cited.isEmpty() ? "" : " evidence").append(ev instanceof WorldEvent.ToolCalled ? " minor" : "")
                    .append("\" id=\"").append(p).append('e').append(e).append("\" data-event=\"").append(e).append("\" data-type=\"")
                    .append(attr(type)).append('"');
            if (!cited.isEmpty()) sb.append(" data-evidence=\"").append(attr(String.join("; ", cited))).append('"');
            sb.append("><span class=\"etype\">world event ").append(e).append(" · ").append(text(type)).append("</span> ")
                    .append(text(clip(ev.summary(), 300)));
            for (String c : cited) sb.append(" <span class=\"badge\">evidence: ").append(text(c)).append("</span>");
            if (hasMoreThanItsSummary(ev)) {
                sb.append("<details><summary>all fields</summary><div class=\"text\">").append(text(json(ev))).append("</div></details>");
            }
            sb.append("</li>");
        }

        private void otherEvents(StringBuilder sb) {
            List<Integer> rest = new ArrayList<>();
            for (int e = 0; e < shown.length; e++) if (!shown[e]) rest.add(e);
            if (rest.isEmpty()) return;
            sb.append("<h4>Other world events</h4>");
            events(sb, rest);
        }
    }

    /** Events whose one-line summary leaves out what was said or sent. */
    private static boolean hasMoreThanItsSummary(WorldEvent ev) {
        return ev instanceof WorldEvent.MessageSent || ev instanceof WorldEvent.NetworkRequest || ev instanceof WorldEvent.MessageBounced
                || ev instanceof WorldEvent.ToolCalled;
    }

    private static int behaviourRank(RunSpec spec, String behaviour) {
        for (int i = 0; i < spec.behaviours().size(); i++) if (spec.behaviours().get(i).id().equals(behaviour)) return i;
        return Integer.MAX_VALUE;
    }

    static String type(WorldEvent ev) {
        var name = ev.getClass().getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class);
        String simple = ev.getClass().getSimpleName();
        return name != null ? name.value() : simple.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String json(WorldEvent ev) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ev);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return ev.toString();
        }
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return clip(line, 120);
    }

    static String clip(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
