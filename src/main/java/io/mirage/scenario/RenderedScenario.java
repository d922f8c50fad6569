package io.mirage.scenario;

import java.util.List;
import java.util.Map;

/** A pack rendered for one condition: exactly what the world and the model start from, workstation files included. */
public record RenderedScenario(ScenarioPack pack, Condition condition, String systemPrompt, String trigger,
                               List<Email> inbox, Map<String, String> files, List<Alert> alerts) {

    /** An alert as the alert system shows it. */
    public record Alert(String id, String title, String details, String overrideCode) {}

    public RenderedScenario {
        inbox = List.copyOf(inbox);
        files = Map.copyOf(files);
        alerts = List.copyOf(alerts);
    }
}
