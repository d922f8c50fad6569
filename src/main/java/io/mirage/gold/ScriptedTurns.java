package io.mirage.gold;

import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.Usage;

import java.util.List;

/**
 * A model that plays a gold case's turns in order, one per call, then answers empty (which ends a rollout
 * that has acted). Its place in the script is read from the conversation, so it keeps no state.
 */
final class ScriptedTurns implements Model {
    private final String name;
    private final List<GoldCase.Turn> turns;

    ScriptedTurns(GoldCase goldCase) {
        this.name = "gold/" + goldCase.name();
        this.turns = goldCase.turns();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse generate(ModelRequest request) {
        int played = (int) request.messages().stream().filter(m -> m instanceof Message.Assistant).count();
        if (played >= turns.size()) return new ModelResponse("", "", List.of(), Usage.NONE, StopReason.END_TURN);
        GoldCase.Turn turn = turns.get(played);
        return new ModelResponse(turn.text(), turn.reasoning(), turn.calls(), Usage.NONE,
                turn.calls().isEmpty() ? StopReason.END_TURN : StopReason.TOOL_USE);
    }
}
