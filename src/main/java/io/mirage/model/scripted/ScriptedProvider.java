package io.mirage.model.scripted;

import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelName;
import io.mirage.model.ModelProvider;
import io.mirage.model.UnknownModelException;
import io.mirage.scenario.TestDoubleHints;

import java.util.Set;

/**
 * Scripted test doubles ({@code scripted/compliant}, {@code scripted/self-preserving?p=0.3},
 * {@code scripted/policy?do=leak&p=0.25}, {@code scripted/brief}, {@code scripted/erratic}, the judge double
 * {@code scripted/judge}, the stakeholder double {@code scripted/stakeholder}), each taking an optional
 * {@code latency_ms}. They exist to test Mirage; their numbers say nothing about any real model.
 *
 * <p>{@code compliant}, {@code self-preserving} and {@code policy} take {@code follow=F} (default 0.5): in a living
 * world (stakeholders who answer), after acting they read the mail that arrives, and when it carries a marker of
 * one of the pack's {@code test_doubles.follow_ups} they carry out its {@code yes} action with probability F, else
 * its {@code no} action, then stop. Drawn from a stream of its own, so F never changes which rollouts act first.
 * In a static world nothing arrives and {@code follow} changes nothing.
 */
public final class ScriptedProvider implements ModelProvider {
    /** A name parameter that makes every call take this many milliseconds, like a remote model. */
    static final String LATENCY = "latency_ms";
    /** A name parameter of the agent doubles: the probability that they follow up on an answer the pack names (default 0.5). */
    static final String FOLLOW = "follow";
    /** The longest latency a double may take per call (one minute): beyond it a typo would hang a run for days. */
    public static final long MAX_LATENCY_MS = 60_000;
    public static final Set<String> MODELS = Set.of("compliant", "self-preserving", "erratic", "brief", "policy", "judge", "stakeholder");

    @Override
    public String prefix() {
        return "scripted";
    }

    @Override
    public Model create(ModelName name, ModelContext context) {
        switch (name.model()) {
            case "erratic" -> {
                allowParams(name, Set.of(LATENCY));
                return new Latency(new ErraticAgent(name.text()), latency(name));
            }
            case "brief" -> {
                allowParams(name, Set.of(LATENCY));
                return new Latency(new BriefAgent(name.text(), hints(name, context)), latency(name));
            }
            case "policy" -> {
                allowParams(name, Set.of("do", "p", "otherwise", FOLLOW, LATENCY));
                TestDoubleHints hints = hints(name, context);
                return new Latency(new PolicyAgent(name.text(), hints, action(name, hints, name.params().get("do")),
                        name.params().containsKey("otherwise") ? action(name, hints, name.params().get("otherwise")) : null,
                        probability(name), follow(name)), latency(name));
            }
            case "compliant" -> {
                allowParams(name, Set.of(FOLLOW, LATENCY));
                return new Latency(new CompliantAgent(name.text(), hints(name, context), follow(name)), latency(name));
            }
            case "self-preserving" -> {
                allowParams(name, Set.of("p", "fail_after", FOLLOW, LATENCY));
                return new Latency(new SelfPreservingAgent(name.text(), hints(name, context), probability(name),
                        probability(name, "fail_after", "0"), follow(name)), latency(name));
            }
            case "judge" -> {
                allowParams(name, Set.of("flip", "aware", "malformed", "flaky", "badquote", "inboxquote", LATENCY));
                return new Latency(new ScriptedJudge(name.text(), hints(name, context), probability(name, "flip", "0"),
                        probability(name, "aware", "0"), flag(name, "malformed"), flag(name, "flaky"), flag(name, "badquote"),
                        flag(name, "inboxquote")), latency(name));
            }
            case "stakeholder" -> {
                allowParams(name, Set.of("decide", "malformed", "flaky", "reveal", "words", LATENCY));
                String words = name.params().getOrDefault("words", "0");
                if (!words.matches("\\d{1,4}")) {
                    throw new UnknownModelException("model '" + name.text() + "': words must be a whole number from 0 to 9999, was '" + words + "'");
                }
                return new Latency(new ScriptedStakeholder(name.text(), name.params().get("decide"), flag(name, "malformed"),
                        flag(name, "flaky"), flag(name, "reveal"), Integer.parseInt(words)), latency(name));
            }
            default -> throw new UnknownModelException("no scripted model '" + name.model() + "'; available: "
                    + String.join(", ", MODELS.stream().sorted().toList()));
        }
    }

    private static void allowParams(ModelName name, Set<String> allowed) {
        for (String key : name.params().keySet()) {
            if (!allowed.contains(key)) {
                throw new UnknownModelException("model '" + name.text() + "' has no parameter '" + key + "'"
                        + (allowed.isEmpty() ? "" : "; it takes: " + String.join(", ", allowed)));
            }
        }
    }

    private static double follow(ModelName name) {
        return probability(name, FOLLOW, String.valueOf(ScriptedAgent.DEFAULT_FOLLOW));
    }

    private static double probability(ModelName name) {
        return probability(name, "p", "0.5");
    }

    private static boolean flag(ModelName name, String key) {
        String text = name.params().getOrDefault(key, "0");
        if (text.equals("0") || text.equals("1")) return text.equals("1");
        throw new UnknownModelException("model '" + name.text() + "': " + key + " must be 0 or 1, was '" + text + "'");
    }

    private static double probability(ModelName name, String key, String defaultValue) {
        String text = name.params().getOrDefault(key, defaultValue);
        try {
            double p = Double.parseDouble(text);
            if (p >= 0 && p <= 1) return p;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UnknownModelException("model '" + name.text() + "': " + key + " must be a number from 0 to 1, was '" + text + "'");
    }

    private static TestDoubleHints.Action action(ModelName name, TestDoubleHints hints, String behaviour) {
        if (behaviour == null) {
            throw new UnknownModelException("model '" + name.text() + "' needs do=BEHAVIOUR; this scenario has actions for: "
                    + String.join(", ", hints.actions().keySet().stream().sorted().toList()));
        }
        TestDoubleHints.Action action = hints.actions().get(behaviour);
        if (action == null) {
            throw new UnknownModelException("model '" + name.text() + "': the scenario's test_doubles declare no action for '"
                    + behaviour + "'; it has: " + String.join(", ", hints.actions().keySet().stream().sorted().toList()));
        }
        return action;
    }

    private static long latency(ModelName name) {
        String text = name.params().getOrDefault(LATENCY, "0");
        try {
            long ms = Long.parseLong(text);
            if (ms > MAX_LATENCY_MS) {
                throw new UnknownModelException("model '" + name.text() + "': " + LATENCY + " must be at most " + MAX_LATENCY_MS
                        + " (one minute), was " + text + "; write e.g. " + LATENCY + "=200");
            }
            if (ms >= 0) return ms;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UnknownModelException("model '" + name.text() + "': " + LATENCY + " must be a whole number of milliseconds from 0 to "
                + MAX_LATENCY_MS + ", was '" + text + "'");
    }

    private static TestDoubleHints hints(ModelName name, ModelContext context) {
        return context.testDoubleHints().orElseThrow(() -> new UnknownModelException(
                "model '" + name.text() + "' needs the scenario's test_doubles section, which this scenario does not have"));
    }
}
