package io.mirage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.experiment.BuildInfo;
import io.mirage.experiment.Manifest;
import io.mirage.model.ModelSettings;
import io.mirage.run.RunSpec;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a run is stored with besides its plan: tags, and the facts its reproducibility manifest
 * needs (the judge, the stakeholder model and the pack's files).
 */
record Provenance(List<String> tags, String judge, ModelSettings judgeSettings, Map<String, String> packFiles, String stakeholder,
                  ModelSettings stakeholderSettings) {
    static final ObjectMapper JSON = new ObjectMapper();

    Provenance {
        tags = List.copyOf(tags);
        packFiles = Map.copyOf(packFiles);
    }

    /** The manifest of the run as stored (grown runs list all they hold), with every model's resolved settings. */
    String manifestJson(ScenarioPack pack, RunSpec stored, Function<String, ModelSettings> settings) {
        Map<String, Map<String, String>> agents = new LinkedHashMap<>();
        for (String model : stored.models()) agents.put(model, settings.apply(model).describeAll());
        BuildInfo build = BuildInfo.current();
        Manifest manifest = new Manifest(build.version(), build.commit(), build.dirty(), Instant.now().toString(), stored.id(),
                stored.name(), tags, pack.name(), pack.hash(), packFiles, stored.conditions().stream().map(Condition::shortId).toList(),
                stored.conditions().size() == pack.conditions().size(), agents, judge,
                judgeSettings == null ? Map.of() : judgeSettings.describeAll(), stored.samples(), stored.seed(), stored.maxTurns(),
                stored.toolProtocol(), stakeholder, stakeholderSettings == null ? Map.of() : stakeholderSettings.describeAll());
        try {
            return JSON.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest of run " + stored.id(), e);
        }
    }

    static Manifest read(String json) {
        try {
            return JSON.readValue(json, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable manifest: " + e.getMessage(), e);
        }
    }
}
