package io.mirage.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a run is: a scenario (at a pack hash), the conditions, the models, samples per cell, the
 * base seed and the turn limit. Its id is derived from all of these, so the same command names the
 * same run and re-running it resumes.
 */
public record RunSpec(String scenario, String packHash, List<String> conditions, List<String> models,
                      int samples, long seed, int maxTurns, List<BehaviourRef> behaviours) {

    /** A behaviour the run counts, kept with the spec so reports need not reload the pack. */
    public record BehaviourRef(String id, String title, boolean harmful) {}

    public RunSpec {
        behaviours = List.copyOf(behaviours);
        conditions = List.copyOf(conditions);
        models = List.copyOf(models);
        if (samples < 1) throw new IllegalArgumentException("samples must be at least 1");
        if (models.isEmpty()) throw new IllegalArgumentException("at least one model is needed");
        if (conditions.isEmpty()) throw new IllegalArgumentException("at least one condition is needed");
    }

    public String id() {
        String canonical = String.join("\n", scenario, packHash, String.join(",", conditions), String.join(",", models),
                Integer.toString(samples), Long.toString(seed), Integer.toString(maxTurns));
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
