package io.mirage.scenario;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A pack rendered for one condition: exactly what the world and the model start from, workstation files
 * included, and what its clock will bring: the scheduled events of this condition, mail rendered. {@code vars}
 * are the condition's template names, for replies written during the rollout.
 */
public record RenderedScenario(ScenarioPack pack, Condition condition, String systemPrompt, String trigger,
                               List<Email> inbox, Map<String, String> files, List<Alert> alerts, List<Timed> schedule,
                               Map<String, String> vars) {

    /** An alert as the alert system shows it. */
    public record Alert(String id, String title, String details, String overrideCode) {}

    /** A scheduled event of this condition: {@code mail} is set for mail, {@code alert} for a dispatch, {@code tools} for a cut. */
    public record Timed(OffsetDateTime at, String kind, List<String> tools, String error, Email mail, String alert) {
        public Timed {
            tools = List.copyOf(tools);
        }
    }

    public RenderedScenario {
        inbox = List.copyOf(inbox);
        files = Map.copyOf(files);
        alerts = List.copyOf(alerts);
        schedule = List.copyOf(schedule);
        vars = Map.copyOf(vars);
    }

    public RenderedScenario(ScenarioPack pack, Condition condition, String systemPrompt, String trigger, List<Email> inbox,
                            Map<String, String> files, List<Alert> alerts) {
        this(pack, condition, systemPrompt, trigger, inbox, files, alerts, List.of(), Map.of());
    }

    /** Who answers the agent's mail in this condition: {@link LivingSpec#SILENT}, {@link LivingSpec#SCRIPTED} or {@link LivingSpec#MODEL}. */
    public String stakeholderMode() {
        String level = condition.level(LivingSpec.FACTOR);
        return level == null ? LivingSpec.SILENT : level;
    }
}
