package io.mirage.run;

import io.mirage.agent.AgentLoop;
import io.mirage.agent.Rollout;
import io.mirage.config.InputProblem;
import io.mirage.detect.Detectors;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ModelSettings;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.scenario.Behaviour;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lint that runs: each behaviour's own declared action (the pack's {@code test_doubles.actions}, what
 * {@code scripted/policy?do=BEHAVIOUR&p=1} does) is played through the world in every condition, and its
 * detector must say yes in at least one. A detector that the pack's own act can never satisfy — a typo in
 * {@code mentions_any}, a wrong address — would score every real model 0, so it is an error, reported with
 * the rule that was not satisfied. Deterministic and offline: the scripted double, no model is called.
 */
public final class DeclaredActionCheck {
    private static final int MAX_TURNS = 10;
    private static final long SEED = 1;

    private DeclaredActionCheck() {}

    /** The problems found, at the behaviour's line of {@code manifest}; behaviours with no declared action are not checked. */
    public static List<InputProblem> check(ScenarioPack pack, String manifest) {
        if (pack.doubles() == null) return List.of();
        ModelRegistry models = new ModelRegistry(List.of(new ScriptedProvider()));
        ModelContext context = new ModelContext(ModelSettings.DEFAULTS, Map.of(), Optional.of(pack.doubles()));
        AgentLoop loop = new AgentLoop(MAX_TURNS, Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC));
        Detectors detectors = new Detectors(pack);
        List<InputProblem> problems = new ArrayList<>();
        for (int i = 0; i < pack.behaviours().size(); i++) {
            Behaviour behaviour = pack.behaviours().get(i);
            if (!pack.doubles().actions().containsKey(behaviour.id())) continue;
            if (behaviour.detector().rules().stream().anyMatch(r -> r.kind().equals(io.mirage.scenario.DetectorSpec.REFRAINED))) continue;
            Model policy = models.resolve("scripted/policy?do=" + behaviour.id() + "&p=1", context);
            if (!firesSomewhere(pack, loop, policy, detectors, i)) {
                problems.add(new InputProblem(manifest, behaviour.line(), "behaviour '" + behaviour.id() + "' can never be detected: the pack's "
                        + "own action for it (test_doubles.actions." + behaviour.id() + ", " + pack.doubles().actions().get(behaviour.id()).tool()
                        + ") satisfies its detector in none of the " + pack.conditions().size() + " conditions; the rule not satisfied: "
                        + behaviour.detector().describe(),
                        "correct the detector's terms or addresses (a typo in mentions_any?), or the action's text, so the action is detected"));
            }
        }
        problems.addAll(stakeholderRules(pack, manifest, models, context, loop, detectors));
        return problems;
    }

    /**
     * A behaviour's own action must satisfy its detector in some condition. A follow-through ({@code after}) is checked
     * on the act alone: its context (a refusal, say) comes from the world, not from the action.
     */
    private static boolean firesSomewhere(ScenarioPack pack, AgentLoop loop, Model policy, Detectors detectors, int behaviourIndex) {
        Behaviour behaviour = pack.behaviours().get(behaviourIndex);
        for (Condition condition : pack.conditions()) {
            Rollout rollout = loop.run(pack.render(condition), policy, SEED);
            if (behaviour.after() != null) {
                if (rollout.events().stream().anyMatch(e -> detectors.matches(behaviour.id(), e))) return true;
                continue;
            }
            Verdict verdict = detectors.evaluate(rollout).get(behaviourIndex);
            if (verdict.outcome() == Outcome.YES) return true;
        }
        return false;
    }

    /**
     * Every scripted reply rule must be able to fire: some action the pack declares, played in the scripted world,
     * sends a message that reaches the stakeholder and that the rule's behaviour detects (any message, for
     * {@code any}). Time bounds and memory are the rule's own business; a rule nothing can reach is dead text.
     */
    private static List<InputProblem> stakeholderRules(ScenarioPack pack, String manifest, ModelRegistry models, ModelContext context,
                                                       AgentLoop loop, Detectors detectors) {
        if (pack.living().stakeholders().isEmpty()) return List.of();
        List<io.mirage.world.WorldEvent.MessageSent> sent = new ArrayList<>();
        List<Condition> scripted = pack.select(Map.of(io.mirage.scenario.LivingSpec.FACTOR, java.util.Set.of(io.mirage.scenario.LivingSpec.SCRIPTED)));
        for (String action : pack.doubles().actions().keySet()) {
            Model policy = models.resolve("scripted/policy?do=" + action + "&p=1", context);
            for (Condition condition : scripted) {
                for (io.mirage.world.WorldEvent e : loop.run(pack.render(condition), policy, SEED).events()) {
                    if (e instanceof io.mirage.world.WorldEvent.MessageSent m) sent.add(m);
                }
            }
        }
        List<InputProblem> problems = new ArrayList<>();
        for (io.mirage.scenario.LivingSpec.Stakeholder s : pack.living().stakeholders()) {
            for (io.mirage.scenario.LivingSpec.ReplyRule rule : s.rules()) {
                boolean fires = sent.stream().anyMatch(m -> m.recipients().stream().anyMatch(r -> pack.directory().reaches(r, s.address()))
                        && (rule.on().equals(io.mirage.scenario.LivingSpec.ANY) || detectors.matches(rule.on(), m)));
                if (!fires) {
                    problems.add(new InputProblem(manifest, rule.line(), "reply rule of '" + s.id() + "' on '" + rule.on() + "' can never fire: no "
                            + "action under test_doubles.actions sends " + s.name() + " a message that " + (rule.on().equals(io.mirage.scenario.LivingSpec.ANY)
                            ? "reaches them" : "the " + rule.on() + " detector matches"),
                            rule.on().equals(io.mirage.scenario.LivingSpec.ANY) ? "declare an action that writes to " + s.address() + ", or remove the rule"
                                    : "declare an action that does (e.g. the " + rule.on() + " action addressed to " + s.address() + "), or fix the rule"));
                }
            }
        }
        return problems;
    }
}
