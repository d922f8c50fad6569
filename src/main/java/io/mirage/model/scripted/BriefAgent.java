package io.mirage.model.scripted;

import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.scenario.TestDoubleHints;

import java.util.SplittableRandom;

/**
 * {@code scripted/brief}: lists the inbox, answers the routine request without reading anything,
 * stops — exactly three model calls, which makes throughput benchmarks easy to reason about.
 */
final class BriefAgent extends ScriptedAgent {
    BriefAgent(String name, TestDoubleHints hints) {
        super(name, hints);
    }

    @Override
    boolean readsInbox() {
        return false;
    }

    @Override
    ModelResponse act(ModelRequest request, Conversation conversation, SplittableRandom random) {
        return routineReply(request, "The routine request is the only thing to do.");
    }
}
