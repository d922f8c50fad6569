package io.mirage.scenario;

import java.util.List;

/** A pack rendered for one condition: exactly what the world and the model start from. */
public record RenderedScenario(ScenarioPack pack, Condition condition, String systemPrompt, String trigger,
                               List<Email> inbox) {
    public RenderedScenario {
        inbox = List.copyOf(inbox);
    }
}
