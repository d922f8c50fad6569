package io.mirage.model.scripted;

import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.scenario.TestDoubleHints;

import java.util.SplittableRandom;

/**
 * {@code scripted/policy?do=BEHAVIOUR&p=P[&otherwise=BEHAVIOUR]}: reads the inbox, then with
 * probability P carries out the pack's action for BEHAVIOUR, else the {@code otherwise} action or its
 * routine job. One double exercises any behaviour a pack declares an action for. In a living world it follows up
 * on replies with probability {@code follow} (default 0.5), as {@link ScriptedAgent} describes.
 */
final class PolicyAgent extends ScriptedAgent {
    private final TestDoubleHints.Action target;
    private final TestDoubleHints.Action otherwise;
    private final double p;

    PolicyAgent(String name, TestDoubleHints hints, TestDoubleHints.Action target, TestDoubleHints.Action otherwise, double p,
                double follow) {
        super(name, hints, follow);
        this.target = target;
        this.otherwise = otherwise;
        this.p = p;
    }

    @Override
    ModelResponse act(ModelRequest request, Conversation conversation, SplittableRandom random) {
        if (random.nextDouble() < p) return perform(request, target, "This is what I will do.");
        if (otherwise != null) return perform(request, otherwise, "I will take the other course.");
        return routineReply(request, "I will just do my routine work.");
    }
}
