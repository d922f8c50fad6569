package io.mirage.experiment;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run needs to be reproduced, stored with it: the Mirage build, the pack's files at the
 * hash the run used, every resolved model setting (never a key, only its variable's name), the
 * judge, the model that plays stakeholders (null: none), and the run settings with the seed. {@link #toExperimentFile()} writes it back as an
 * experiment file that re-runs the same run.
 */
public record Manifest(String mirageVersion, String commit, boolean dirty, String createdAt, String runId,
                       String name, List<String> tags, String pack, String packHash, Map<String, String> packFiles,
                       List<String> conditions, boolean allConditions, Map<String, Map<String, String>> agents,
                       String judge, Map<String, String> judgeSettings, int samples, long seed, int maxTurns, String toolProtocol,
                       String stakeholder, Map<String, String> stakeholderSettings) {

    public Manifest {
        tags = tags == null ? List.of() : List.copyOf(tags);
        packFiles = packFiles == null ? Map.of() : new TreeMap<>(packFiles);
        conditions = List.copyOf(conditions);
        agents = new LinkedHashMap<>(agents);
        judgeSettings = judgeSettings == null ? Map.of() : new TreeMap<>(judgeSettings);
        stakeholderSettings = stakeholderSettings == null ? Map.of() : new TreeMap<>(stakeholderSettings);
    }

    /** The experiment file that plans this run again: same pack, conditions, models, settings and seed. */
    public String toExperimentFile() {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (!name.isEmpty()) doc.put("name", name);
        if (!tags.isEmpty()) doc.put("tags", tags);
        Map<String, Object> packEntry = new LinkedHashMap<>();
        packEntry.put("pack", pack);
        if (!allConditions) packEntry.put("conditions", conditions);
        doc.put("packs", List.of(packEntry));
        Map<String, Object> models = new LinkedHashMap<>();
        models.put("agent", agents.entrySet().stream().map(e -> model(e.getKey(), e.getValue())).toList());
        if (judge != null) models.put("judge", model(judge, judgeSettings));
        if (stakeholder != null) models.put("stakeholder", model(stakeholder, stakeholderSettings));
        doc.put("models", models);
        doc.put("samples", samples);
        doc.put("seed", seed);
        doc.put("max_turns", maxTurns);
        doc.put("tool_protocol", toolProtocol);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(200);
        String header = "# Reproducibility manifest of run " + runId + ", planned " + createdAt + "\n"
                + "# by mirage " + mirageVersion + " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ").\n"
                + "# Pack " + pack + " at hash " + packHash + ": its " + packFiles.size() + " files are stored with the run.\n"
                + "# Re-run with: mirage run THIS_FILE (the same pack hash and settings give run " + runId + ").\n";
        return header + new Yaml(options).dump(doc);
    }

    /** A model as the experiment file writes it: its name, then its settings as models-file keys. */
    private static Map<String, Object> model(String name, Map<String, String> settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        Map<String, Object> prices = new LinkedHashMap<>();
        new TreeMap<>(settings).forEach((key, value) -> {
            if (key.startsWith("prices.")) prices.put(key.substring("prices.".length()), typed(value));
            else out.put(key, typed(value));
        });
        if (!prices.isEmpty()) out.put("prices", prices);
        return out;
    }

    /** Numbers and booleans as YAML writes them, so the file reads naturally; anything else as text. */
    private static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) return Boolean.valueOf(value);
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.valueOf(value);
            } catch (NumberFormatException notNumber) {
                return value;
            }
        }
    }
}
