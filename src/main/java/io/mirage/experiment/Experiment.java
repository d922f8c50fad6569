package io.mirage.experiment;

import io.mirage.model.ModelSettings;
import io.mirage.run.EarlyStopping;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An experiment as a file describes it: packs (each with its condition filters), models in roles (agents, the
 * judge, the model that plays stakeholders), and the run settings. A null setting was not given; flags or defaults fill it.
 */
public record Experiment(String name, List<String> tags, List<PackChoice> packs, List<ModelChoice> agents, ModelChoice judge,
                         Integer samples, Long seed, Integer maxTurns, String toolProtocol, Integer concurrency, Integer limit,
                         Double maxCostUsd, EarlyStopping earlyStopping, ModelChoice stakeholder) {

    public Experiment {
        name = name == null ? "" : name;
        tags = List.copyOf(tags);
        packs = List.copyOf(packs);
        agents = List.copyOf(agents);
    }

    public Experiment(String name, List<String> tags, List<PackChoice> packs, List<ModelChoice> agents, ModelChoice judge,
                      Integer samples, Long seed, Integer maxTurns, String toolProtocol, Integer concurrency, Integer limit,
                      Double maxCostUsd, EarlyStopping earlyStopping) {
        this(name, tags, packs, agents, judge, samples, seed, maxTurns, toolProtocol, concurrency, limit, maxCostUsd, earlyStopping, null);
    }

    /**
     * A pack and the conditions to run: each filter fixes factors to levels (as {@code --condition}
     * does) and the conditions of every filter are run; no filter means every condition.
     */
    public record PackChoice(String pack, List<Map<String, Set<String>>> filters) {
        public PackChoice {
            filters = List.copyOf(filters);
        }
    }

    /** A model and the settings the file gives it (over the models file's). */
    public record ModelChoice(String name, ModelSettings settings) {}
}
