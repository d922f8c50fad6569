package io.mirage.report.html;

import io.mirage.run.FinishedRollout;
import io.mirage.run.HumanLabel;
import io.mirage.run.RunSpec;
import io.mirage.run.StoredOutcome;
import io.mirage.scenario.Condition;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.mirage.report.html.Html.attr;
import static io.mirage.report.html.Html.text;

/**
 * The embedded transcripts: a list filterable by model, condition, behaviour, source and verdict
 * (filters need the script; without it every row shows), then one section per transcript, shown
 * when its link is followed (CSS :target) or when "show all" is ticked.
 */
final class TranscriptList {
    private TranscriptList() {}

    static String html(ReportData data) {
        RunSpec spec = data.spec();
        List<String> sources = data.sources();
        Map<Integer, List<StoredOutcome>> verdicts = data.outcomesByRollout();
        Map<Integer, Map<String, HumanLabel>> labels = data.labelsByRollout();
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("<section id=\"transcripts\"><h2>Transcripts</h2>");
        sb.append("<p class=\"note important\" id=\"transcript-count\" data-embedded=\"").append(data.transcripts().size())
                .append("\" data-stored=\"").append(data.storedRollouts()).append("\" data-omitted=\"").append(data.omittedTranscripts())
                .append("\">This file holds the transcripts of ").append(data.transcripts().size()).append(" of the run's ")
                .append(data.storedRollouts()).append(" stored rollouts");
        if (data.omittedTranscripts() > 0) {
            sb.append("; <strong>").append(data.omittedTranscripts()).append(" were left out</strong> to keep it small. ")
                    .append("It keeps every cell's every kind of verdict at least once, then rollouts with a yes or indeterminate ")
                    .append("verdict spread over the cells, then the rest. <code>mirage serve</code> shows every transcript, and ")
                    .append("<code>mirage report RUN --html FILE --transcripts N</code> embeds more");
        }
        sb.append(".</p>");
        if (data.transcripts().isEmpty()) return sb.append("</section>").toString();

        sb.append("<form id=\"filters\" class=\"controls\" hidden data-behaviours=\"").append(spec.behaviours().size())
                .append("\" data-sources=\"").append(sources.size()).append("\">");
        select(sb, "f-model", "model", spec.models(), spec.models());
        Factors factors = Factors.of(spec.conditions());
        select(sb, "f-condition", "condition", spec.conditions(), spec.conditions().stream().map(factors::label).toList());
        select(sb, "f-behaviour", "behaviour", indexes(spec.behaviours().size()), spec.behaviours().stream().map(RunSpec.BehaviourRef::id).toList());
        List<String> sourceValues = new java.util.ArrayList<>(indexes(sources.size()));
        sourceValues.add("h");
        List<String> sourceNames = new java.util.ArrayList<>(sources.stream().map(RatesSection::shortTitle).toList());
        sourceNames.add("human label");
        select(sb, "f-source", "source", sourceValues, sourceNames);
        select(sb, "f-verdict", "verdict", List.of("yes", "no", "indeterminate", "unsure"), List.of("yes", "no", "indeterminate", "unsure"));
        sb.append("<button type=\"reset\">clear</button> <span id=\"filter-count\" class=\"muted\"></span></form>");

        sb.append("<p class=\"muted\">Verdicts per behaviour: one chip when every source agrees, otherwise one per source in the order ")
                .append(text(String.join(", ", sources))).append(labels.isEmpty() ? "" : ", then the human label (✎)")
                .append("; hover a chip for its source.</p>");
        if (!factors.caption().isEmpty()) sb.append("<p class=\"common-levels\">").append(text(factors.caption())).append("</p>");
        // The list scrolls sideways inside its own box, and a long condition wraps, so the page never overflows.
        sb.append("<div class=\"scroll\"><table id=\"transcript-list\" class=\"list\"><thead><tr><th>#</th><th>model</th><th>condition</th>")
                .append("<th class=\"num\">sample</th><th>ended</th>");
        for (RunSpec.BehaviourRef b : spec.behaviours()) sb.append("<th>").append(text(b.id())).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (FinishedRollout f : data.transcripts().values()) {
            int index = f.plan().index();
            List<StoredOutcome> mine = verdicts.getOrDefault(index, List.of());
            Map<String, HumanLabel> myLabels = labels.getOrDefault(index, Map.of());
            sb.append("<tr data-index=\"").append(index).append("\" data-model=\"").append(attr(f.plan().model()))
                    .append("\" data-condition=\"").append(attr(f.plan().conditionId())).append("\" data-status=\"")
                    .append(f.rollout().status().name().toLowerCase(Locale.ROOT)).append('"');
            for (int b = 0; b < spec.behaviours().size(); b++) {
                String behaviour = spec.behaviours().get(b).id();
                for (StoredOutcome o : mine) {
                    int s = sources.indexOf(o.source());
                    if (o.behaviour().equals(behaviour) && s >= 0) {
                        sb.append(" data-v-").append(b).append('-').append(s).append("=\"").append(name(o.outcome())).append('"');
                    }
                }
                HumanLabel l = myLabels.get(behaviour);
                if (l != null) sb.append(" data-v-").append(b).append("-h=\"").append(name(l.value())).append('"');
            }
            sb.append("><td><a href=\"#transcript-").append(index).append("\">").append(index).append("</a></td><td>")
                    .append(text(f.plan().model())).append("</td><td class=\"condition\" title=\"").append(attr(Condition.shortId(f.plan().conditionId())))
                    .append("\">").append(text(factors.label(f.plan().conditionId())))
                    .append("</td><td class=\"num\">").append(f.plan().sample()).append("</td><td>")
                    .append(f.rollout().status().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("</td>");
            for (RunSpec.BehaviourRef b : spec.behaviours()) {
                sb.append("<td class=\"chips\">");
                List<StoredOutcome> forBehaviour = sources.stream().flatMap(source -> mine.stream()
                        .filter(o -> o.behaviour().equals(b.id()) && o.source().equals(source)).limit(1)).toList();
                // One chip when every source agrees; otherwise one per source, named on hover.
                if (!forBehaviour.isEmpty() && forBehaviour.stream().map(StoredOutcome::outcome).distinct().count() == 1) {
                    String outcome = name(forBehaviour.getFirst().outcome());
                    sb.append("<span class=\"chip v v-").append(outcome).append("\" title=\"")
                            .append(attr((forBehaviour.size() > 1 ? "every source: " : "") + forBehaviour.stream().map(StoredOutcome::source)
                                    .collect(java.util.stream.Collectors.joining(", ")))).append("\">").append(chip(outcome)).append("</span>");
                } else {
                    for (StoredOutcome o : forBehaviour) {
                        sb.append("<span class=\"chip v v-").append(name(o.outcome())).append("\" title=\"").append(attr(o.source()))
                                .append("\">").append(chip(name(o.outcome()))).append("</span>");
                    }
                }
                HumanLabel l = myLabels.get(b.id());
                if (l != null) {
                    sb.append("<span class=\"chip v v-").append(name(l.value())).append("\" title=\"human label\">✎ ")
                            .append(name(l.value())).append("</span>");
                }
                sb.append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table></div>");

        sb.append("<input type=\"checkbox\" id=\"show-all\" class=\"show-all\"> <label for=\"show-all\" class=\"show-all\">show every ")
                .append("embedded transcript below (otherwise only the one whose link you follow)</label>");
        // The checkbox and this container must stay siblings: the CSS reveals transcripts with #show-all:checked ~ .transcripts.
        sb.append("<div class=\"transcripts\">");
        for (int index : data.transcripts().keySet()) {
            sb.append("<section class=\"transcript\" id=\"transcript-").append(index).append("\" data-index=\"").append(index).append("\">")
                    .append("<p class=\"back\"><a href=\"#transcripts\">↑ back to the list</a></p>")
                    .append(TranscriptHtml.fragment(data, index)).append("</section>");
        }
        return sb.append("</div></section>").toString();
    }

    private static void select(StringBuilder sb, String id, String label, List<String> values, List<String> names) {
        sb.append("<label for=\"").append(id).append("\">").append(label).append("</label> <select id=\"").append(id)
                .append("\"><option value=\"\">any</option>");
        for (int i = 0; i < values.size(); i++) {
            sb.append("<option value=\"").append(attr(values.get(i))).append("\">").append(text(names.get(i))).append("</option>");
        }
        sb.append("</select>");
    }

    private static String chip(String outcome) {
        return outcome.equals("indeterminate") ? "indet." : outcome;
    }

    private static List<String> indexes(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(Integer::toString).toList();
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
