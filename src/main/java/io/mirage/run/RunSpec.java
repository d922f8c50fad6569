package io.mirage.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run is: a scenario (at a pack hash), the conditions, the models with the settings that
 * shape their answers, samples per cell, the base seed, the turn limit, the tool protocol and an
 * optional name.
 *
 * <p>The id is derived from what makes rollouts comparable (scenario, pack hash, seed, turn limit,
 * tool protocol, name), not from the run's extent (conditions, models, samples): running the same
 * command again resumes the run, and asking for more samples, another model or another condition
 * grows it by only the rollouts it lacks. Each rollout's seed depends on its cell and sample only,
 * so a grown run is the run that would have been planned at that size from the start.
 */
public record RunSpec(String scenario, String packHash, List<String> conditions, List<String> models,
                      int samples, long seed, int maxTurns, List<BehaviourRef> behaviours,
                      Map<String, Map<String, String>> modelSettings, String toolProtocol, String name,
                      @JsonIgnore String storedId) {

    public static final String NATIVE_TOOLS = "native";
    public static final String TEXT_TOOLS = "text";
    /** The cap on rollouts in one plan: beyond it the plan would not fit in memory or in anyone's budget. */
    public static final long MAX_ROLLOUTS = 10_000_000L;

    public RunSpec(String scenario, String packHash, List<String> conditions, List<String> models,
                   int samples, long seed, int maxTurns, List<BehaviourRef> behaviours) {
        this(scenario, packHash, conditions, models, samples, seed, maxTurns, behaviours, Map.of(), NATIVE_TOOLS);
    }

    public RunSpec(String scenario, String packHash, List<String> conditions, List<String> models,
                   int samples, long seed, int maxTurns, List<BehaviourRef> behaviours,
                   Map<String, Map<String, String>> modelSettings, String toolProtocol) {
        this(scenario, packHash, conditions, models, samples, seed, maxTurns, behaviours, modelSettings, toolProtocol, "", null);
    }

    /**
     * A behaviour the run counts, kept with the spec so reports need not reload the pack. {@code after} is the behaviour
     * it follows through on (null: an ordinary behaviour); {@code role} says what it counts: null or {@link #ACT} an act
     * of the agent, {@link #CONTEXT} what the world did (a stakeholder's reply arrived: every detector rule is
     * {@code reply_received}), {@link #ABSTENTION} a negative act (a {@code refrained} rule: nothing followed). Runs
     * stored before these were kept read back as ordinary acts.
     */
    public record BehaviourRef(String id, String title, boolean harmful,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String after,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String role) {
        public static final String ACT = "act";
        public static final String CONTEXT = "context";
        public static final String ABSTENTION = "abstention";

        public BehaviourRef(String id, String title, boolean harmful) {
            this(id, title, harmful, null, null);
        }

        /** A pack's behaviour as a run keeps it, with its follow-through and role. */
        public static BehaviourRef of(io.mirage.scenario.Behaviour b) {
            List<io.mirage.scenario.DetectorSpec> rules = b.detector().rules();
            String role = !rules.isEmpty() && rules.stream().allMatch(r -> r.kind().equals(io.mirage.scenario.DetectorSpec.REPLY_RECEIVED)) ? CONTEXT
                    : rules.stream().anyMatch(r -> r.kind().equals(io.mirage.scenario.DetectorSpec.REFRAINED)) ? ABSTENTION : null;
            return new BehaviourRef(b.id(), b.title(), b.harmful(), b.after(), role);
        }

        /** What the world did, not the agent: reported apart from the agent's acts. */
        @JsonIgnore
        public boolean isContext() {
            return CONTEXT.equals(role);
        }

        /** Something the agent did, with a first event in time (neither context nor an abstention). */
        @JsonIgnore
        public boolean isAct() {
            return role == null || role.equals(ACT);
        }
    }

    public RunSpec {
        behaviours = List.copyOf(behaviours);
        modelSettings = new TreeMap<>(modelSettings == null ? Map.of() : modelSettings);
        toolProtocol = toolProtocol == null ? NATIVE_TOOLS : toolProtocol;
        name = name == null ? "" : name;
        if (!toolProtocol.equals(NATIVE_TOOLS) && !toolProtocol.equals(TEXT_TOOLS)) {
            throw new IllegalArgumentException("tool protocol must be native or text, not " + toolProtocol);
        }
        conditions = List.copyOf(conditions);
        models = List.copyOf(models);
        if (samples < 1) throw new IllegalArgumentException("samples must be at least 1");
        if (models.isEmpty()) throw new IllegalArgumentException("at least one model is needed");
        if (conditions.isEmpty()) throw new IllegalArgumentException("at least one condition is needed");
        if ((long) conditions.size() * models.size() * samples > MAX_ROLLOUTS) {
            throw new IllegalArgumentException("the plan has " + conditions.size() + " conditions × " + models.size() + " models × "
                    + samples + " samples, more than the cap of " + MAX_ROLLOUTS + " rollouts");
        }
    }

    /** The run's id: the one it was stored under, else derived from what makes its rollouts comparable. */
    public String id() {
        if (storedId != null) return storedId;
        String canonical = String.join("\n", "v2", scenario, packHash, Long.toString(seed), Integer.toString(maxTurns), toolProtocol, name);
        return scenario + "-" + sha256(canonical).substring(0, 10);
    }

    /** This spec as stored under {@code id} (runs planned before ids left out the extent keep theirs). */
    public RunSpec withStoredId(String id) {
        return new RunSpec(scenario, packHash, conditions, models, samples, seed, maxTurns, behaviours, modelSettings, toolProtocol, name, id);
    }

    public RunSpec withName(String newName) {
        return new RunSpec(scenario, packHash, conditions, models, samples, seed, maxTurns, behaviours, modelSettings, toolProtocol, newName, storedId);
    }

    /** This spec with each model's settings description replaced (to compare them with the stored ones). */
    public RunSpec withModelSettings(java.util.function.Function<String, Map<String, String>> describe) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (String model : models) settings.put(model, describe.apply(model));
        return new RunSpec(scenario, packHash, conditions, models, samples, seed, maxTurns, behaviours, settings, toolProtocol, name, storedId);
    }

    public int total() {
        return conditions.size() * models.size() * samples;
    }

    /**
     * Every rollout of the run, interleaved: sample by sample, and within a sample condition by
     * condition and model by model. Any prefix of the plan (a --limit, a budget, a Ctrl-C) then
     * leaves every cell with the same number of samples, give or take one.
     */
    public List<PlannedRollout> plan() {
        List<PlannedRollout> plan = new ArrayList<>(total());
        for (int sample = 0; sample < samples; sample++) {
            for (String condition : conditions) {
                for (String model : models) {
                    plan.add(new PlannedRollout(plan.size(), condition, model, sample, rolloutSeed(condition, model, sample)));
                }
            }
        }
        return plan;
    }

    /** Whether the rollout lies within this spec's extent (its condition, its model, a sample below the count). */
    public boolean covers(PlannedRollout rollout) {
        return rollout.sample() < samples && conditions.contains(rollout.conditionId()) && models.contains(rollout.model());
    }

    /**
     * This stored run grown to cover {@code wanted} as well: the union of conditions and models, the
     * larger sample count, and the settings of the models it adds. Identity fields stay ours.
     */
    public RunSpec grownBy(RunSpec wanted) {
        List<String> allConditions = new ArrayList<>(new LinkedHashSet<>(concat(conditions, wanted.conditions)));
        List<String> allModels = new ArrayList<>(new LinkedHashSet<>(concat(models, wanted.models)));
        Map<String, Map<String, String>> settings = new LinkedHashMap<>(wanted.modelSettings);
        settings.putAll(modelSettings);
        return new RunSpec(scenario, packHash, allConditions, allModels, Math.max(samples, wanted.samples), seed, maxTurns,
                behaviours, settings, toolProtocol, name, storedId);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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
