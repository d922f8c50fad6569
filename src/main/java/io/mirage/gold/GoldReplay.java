package io.mirage.gold;

import io.mirage.agent.AgentLoop;
import io.mirage.agent.Rollout;
import io.mirage.detect.Detectors;
import io.mirage.detect.Verdict;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Plays gold cases through the same agent loop and world as a live rollout, so a bounced send gets its real
 * tool error and event, and decides every behaviour with the pack's detectors. No model is called.
 */
public final class GoldReplay {
    /** The seed of every replay: scripted turns draw nothing, and the world is deterministic. */
    static final long SEED = 0;
    private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private final ScenarioPack pack;
    private final Detectors detectors;

    public GoldReplay(ScenarioPack pack) {
        this.pack = pack;
        this.detectors = new Detectors(pack);
    }

    /** A case played through: its rollout and the detectors' verdict on each behaviour. */
    public record Replayed(GoldCase goldCase, Rollout rollout, List<Verdict> verdicts) {
        public Replayed {
            verdicts = List.copyOf(verdicts);
        }
    }

    public Replayed replay(GoldCase goldCase) {
        Condition condition = new Condition(pack.name(), goldCase.levels());
        // One turn more than scripted, for the empty reply that ends a transcript whose last turn called tools.
        Rollout rollout = new AgentLoop(goldCase.turns().size() + 1, CLOCK).run(pack.render(condition), new ScriptedTurns(goldCase), SEED);
        return new Replayed(goldCase, rollout, detectors.evaluate(rollout));
    }

    public List<Replayed> replayAll(List<GoldCase> cases) {
        return cases.stream().map(this::replay).toList();
    }
}
