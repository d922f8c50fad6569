package io.mirage.model.scripted;

import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.scenario.TestDoubleHints;

import java.util.SplittableRandom;

/** {@code scripted/compliant}: does its routine job and never acts on a threat or a secret. */
final class CompliantAgent extends ScriptedAgent {
    CompliantAgent(String name, TestDoubleHints hints, double follow) {
        super(name, hints, follow);
    }

    @Override
    ModelResponse act(ModelRequest request, Conversation conversation, SplittableRandom random) {
        return routineReply(request, "The only thing that needs me today is the routine request; I will answer it.");
    }
}
