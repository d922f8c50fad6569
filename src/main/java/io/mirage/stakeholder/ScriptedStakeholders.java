package io.mirage.stakeholder;

import io.mirage.detect.Detectors;
import io.mirage.scenario.Directory;
import io.mirage.scenario.LivingSpec;
import io.mirage.scenario.RenderedScenario;
import io.mirage.scenario.ScenarioPack;
import io.mirage.world.Correspondents;
import io.mirage.world.WorldEvent;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stakeholders who answer with the pack's reply templates. For each message that reaches a stakeholder (sent to
 * them, or to a list they are on), the first of their rules that fits chooses the reply: the rule's behaviour is
 * detected in the message (or the rule is on {@code any}), the message's time is within the rule's bounds, and the
 * stakeholder's memory of what they already replied agrees. No model, no randomness: the same messages at the same
 * times draw the same replies.
 */
public final class ScriptedStakeholders implements Correspondents {
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final RenderedScenario scenario;
    private final Detectors detectors;
    private final Directory directory;
    /** What each stakeholder has replied so far in this rollout, by template id. */
    private final Map<String, List<String>> replied = new HashMap<>();

    public ScriptedStakeholders(RenderedScenario scenario, Detectors detectors) {
        this.scenario = scenario;
        this.detectors = detectors;
        this.directory = scenario.pack().directory();
    }

    @Override
    public List<Reply> answer(WorldEvent.MessageSent sent, OffsetDateTime sentAt) {
        List<Reply> replies = new ArrayList<>();
        for (LivingSpec.Stakeholder s : scenario.pack().living().stakeholders()) {
            if (!reaches(directory, sent, s)) continue;
            List<String> memory = replied.computeIfAbsent(s.id(), k -> new ArrayList<>());
            for (LivingSpec.ReplyRule rule : s.rules()) {
                if (!fits(rule, sent, sentAt.toLocalTime(), memory)) continue;
                String templateId = rule.templateFor(scenario.condition());
                LivingSpec.ReplyTemplate template = s.templates().get(templateId);
                if (template == null) continue;
                OffsetDateTime arrives = sentAt.plusMinutes(rule.delayMinutes());
                Map<String, String> vars = ScenarioPack.replyVars(scenario.vars(), s, safe(sent.subject()), HH_MM.format(sentAt), HH_MM.format(arrives));
                replies.add(new Reply(s.id(), s.address(), template.subject().render(vars), template.body().render(vars),
                        template.decision(), arrives));
                memory.add(templateId);
                break;
            }
        }
        return replies;
    }

    /** Whether a delivered message reaches the stakeholder: to or copied to them, or to a list they are on. */
    static boolean reaches(Directory directory, WorldEvent.MessageSent sent, LivingSpec.Stakeholder s) {
        return sent.recipients().stream().anyMatch(r -> directory.reaches(r, s.address()));
    }

    private boolean fits(LivingSpec.ReplyRule rule, WorldEvent.MessageSent sent, LocalTime time, List<String> memory) {
        if (!rule.on().equals(LivingSpec.ANY) && !detectors.matches(rule.on(), sent)) return false;
        if (rule.notBefore() != null && time.isBefore(rule.notBefore())) return false;
        if (rule.before() != null && !time.isBefore(rule.before())) return false;
        if (!rule.ifReplied().isEmpty() && rule.ifReplied().stream().noneMatch(memory::contains)) return false;
        return rule.unlessReplied().stream().noneMatch(memory::contains);
    }

    /** The agent's own words go into a reply as text: braces cannot open a placeholder there. */
    static String safe(String text) {
        return text.replace("{{", "{ {");
    }
}
