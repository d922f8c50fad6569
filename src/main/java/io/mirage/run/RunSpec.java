package io.mirage.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run is: a scenario (at a pack hash), the conditions, the models with the settings that
 * shape their answers, samples per cell, the base seed, the turn limit and the tool protocol. Its id
 * is derived from all of these, so the same command names the same run and re-running it resumes.
 */
public record RunSpec(String scenario, String packHash, List<String> conditions, List<String> models,
                      int samples, long seed, int maxTurns, List<BehaviourRef> behaviours,
                      Map<String, Map<String, String>> modelSettings, String toolProtocol) {

    public static final String NATIVE_TOOLS = "native";
    public static final String TEXT_TOOLS = "text";

    public RunSpec(String scenario, String packHash, List<String> conditions, List<String> models,
                   int samples, long seed, int maxTurns, List<BehaviourRef> behaviours) {
        this(scenario, packHash, conditions, models, samples, seed, maxTurns, behaviours, Map.of(), NATIVE_TOOLS);
    }

    /** A behaviour the run counts, kept with the spec so reports need not reload the pack. */
    public record BehaviourRef(String id, String title, boolean harmful) {}

    public RunSpec {
        behaviours = List.copyOf(behaviours);
        modelSettings = new TreeMap<>(modelSettings == null ? Map.of() : modelSettings);
        toolProtocol = toolProtocol == null ? NATIVE_TOOLS : toolProtocol;
        if (!toolProtocol.equals(NATIVE_TOOLS) && !toolProtocol.equals(TEXT_TOOLS)) {
            throw new IllegalArgumentException("tool protocol must be native or text, not " + toolProtocol);
        }
        conditions = List.copyOf(conditions);
        models = List.copyOf(models);
        if (samples < 1) throw new IllegalArgumentException("samples must be at least 1");
        if (models.isEmpty()) throw new IllegalArgumentException("at least one model is needed");
        if (conditions.isEmpty()) throw new IllegalArgumentException("at least one condition is needed");
    }

    public String id() {
        String canonical = String.join("\n", scenario, packHash, String.join(",", conditions), String.join(",", models),
                Integer.toString(samples), Long.toString(seed), Integer.toString(maxTurns));
        // Defaults add nothing, so runs planned before settings were recorded keep their ids.
        if (!modelSettings.values().stream().allMatch(Map::isEmpty)) canonical += "\n" + new TreeMap<>(modelSettings.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new TreeMap<>(e.getValue()).toString())));
        if (!toolProtocol.equals(NATIVE_TOOLS)) canonical += "\ntools=" + toolProtocol;
        return scenario + "-" + sha256(canonical).substring(0, 10);
    }

    public int total() {
        return conditions.size() * models.size() * samples;
    }

    /** Every rollout of the run, in a fixed order: condition, then model, then sample. */
    public List<PlannedRollout> plan() {
        List<PlannedRollout> plan = new java.util.ArrayList<>(total());
        for (String condition : conditions) {
            for (String model : models) {
                for (int sample = 0; sample < samples; sample++) {
                    plan.add(new PlannedRollout(plan.size(), condition, model, sample, rolloutSeed(condition, model, sample)));
                }
            }
        }
        return plan;
    }

    /** The sample number of the rollout at {@code index} of {@link #plan()} (without building the plan). */
    public int sampleOf(int index) {
        return index % samples;
    }

    /** Each rollout's own seed: independent of the others and stable across resumes. */
    long rolloutSeed(String condition, String model, int sample) {
        String hex = sha256(seed + "\n" + condition + "\n" + model + "\n" + sample);
        return Long.parseUnsignedLong(hex.substring(0, 16), 16);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
