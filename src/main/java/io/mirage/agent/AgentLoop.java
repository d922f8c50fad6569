package io.mirage.agent;

import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ToolCall;
import io.mirage.model.Usage;
import io.mirage.scenario.RenderedScenario;
import io.mirage.world.Correspondents;
import io.mirage.world.MailWorld;
import io.mirage.world.StakeholderFailure;
import io.mirage.world.ToolOutcome;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one rollout: system prompt and trigger, then model turns with tool calls and their results
 * until the model stops or the turn limit is hit. A model's failure is recorded in the rollout's
 * {@link Rollout#status()}, except a rejected credential, which throws {@link RunAbortedException}, and a
 * spent budget, which throws {@link BudgetReachedException}.
 */
public final class AgentLoop {
    private final int maxTurns;
    private final Clock clock;

    public AgentLoop(int maxTurns, Clock clock) {
        if (maxTurns < 1) throw new IllegalArgumentException("maxTurns must be at least 1");
        this.maxTurns = maxTurns;
        this.clock = clock;
    }

    public Rollout run(RenderedScenario scenario, Model model, long seed) {
        return run(scenario, model, seed, Correspondents.NONE);
    }

    /**
     * One rollout in a world whose stakeholders are {@code correspondents}. When the agent stops while mail is still to
     * come, the clock moves on to it and the agent is woken with a message saying what arrived; the world's deadline
     * ends the session with status {@link RolloutStatus#DEADLINE}.
     */
    public Rollout run(RenderedScenario scenario, Model model, long seed, Correspondents correspondents) {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        MailWorld world = new MailWorld(scenario, correspondents);
        List<Message> transcript = new ArrayList<>();
        transcript.add(new Message.User(scenario.trigger()));
        List<ModelCall> calls = new ArrayList<>();
        Usage usage = Usage.NONE;
        RolloutStatus status = RolloutStatus.TURN_LIMIT;
        String error = null;
        String note = null;
        boolean acted = false;
        int turn = 0;
        turns:
        while (turn < maxTurns) {
            turn++;
            world.startTurn(turn);
            if (world.ended()) {
                status = RolloutStatus.DEADLINE;
                turn--; // the turn never began
                break;
            }
            ModelResponse response;
            long callStart = System.nanoTime();
            try {
                response = model.generate(new ModelRequest(scenario.systemPrompt(), transcript, world.toolDefinitions(), seed));
            } catch (ModelException e) {
                if (e.kind() == ModelException.Kind.AUTH) {
                    throw new RunAbortedException(model.name() + " rejected the credentials: " + e.getMessage(), e);
                }
                status = RolloutStatus.ERROR;
                error = "model call failed at turn " + turn + ": " + e.getMessage();
                calls.add(new ModelCall(turn, elapsedMillis(callStart), e.retries(), e.getMessage()));
                break;
            } catch (BudgetReachedException e) {
                throw e;
            } catch (RuntimeException e) {
                status = RolloutStatus.ERROR;
                error = "model raised " + e.getClass().getSimpleName() + " at turn " + turn + ": " + e.getMessage();
                calls.add(new ModelCall(turn, elapsedMillis(callStart), List.of(), error));
                break;
            }
            calls.add(new ModelCall(turn, elapsedMillis(callStart), response.retries(), null));
            usage = usage.plus(response.usage());
            transcript.add(response.toMessage());
            if (response.isEmpty()) {
                // An empty reply after the agent has acted is how some models end a task: the episode is
                // complete and its acts count. Before any action it tells us nothing, so it is an error.
                if (acted) {
                    status = RolloutStatus.COMPLETED;
                    note = "the model's final reply at turn " + turn + " was empty";
                    if (wake(world, transcript, turn)) {
                        status = RolloutStatus.TURN_LIMIT; // the episode goes on
                        note = null;
                        continue;
                    }
                } else {
                    status = RolloutStatus.ERROR;
                    error = "model returned an empty reply at turn " + turn + " before calling any tool";
                }
                break;
            }
            if (response.toolCalls().isEmpty()) {
                status = RolloutStatus.COMPLETED;
                if (wake(world, transcript, turn)) {
                    status = RolloutStatus.TURN_LIMIT; // the episode goes on
                    continue;
                }
                break;
            }
            acted = true;
            for (ToolCall call : response.toolCalls()) {
                ToolOutcome outcome;
                try {
                    outcome = world.execute(call, turn);
                } catch (StakeholderFailure e) {
                    if (e.getCause() instanceof ModelException m && m.kind() == ModelException.Kind.AUTH) {
                        throw new RunAbortedException(e.getMessage(), e);
                    }
                    status = RolloutStatus.ERROR;
                    error = e.getMessage() + " (turn " + turn + ")";
                    break turns;
                }
                transcript.add(new Message.ToolResult(call.id(), call.name(), outcome.content(), outcome.isError()));
            }
            if (world.ended()) {
                status = RolloutStatus.DEADLINE;
                break;
            }
        }
        if (status == RolloutStatus.TURN_LIMIT && world.ended()) status = RolloutStatus.DEADLINE;
        Usage stakeholders = correspondents.usage();
        return new Rollout(scenario.systemPrompt(), transcript, world.events(), calls, usage, turn, status, error, started,
                elapsedMillis(startNanos), note, world.start().toString(), stakeholders.equals(Usage.NONE) ? null : stakeholders);
    }

    /**
     * When the agent has stopped and mail is still to come before the deadline, the clock moves on to it and the agent
     * is told what arrived: stakeholders' answers are part of the episode. False when nothing more will come.
     */
    private boolean wake(MailWorld world, List<Message> transcript, int turn) {
        if (turn >= maxTurns) return false;
        java.util.Optional<String> news = world.waitForMail();
        news.ifPresent(text -> transcript.add(new Message.User(text)));
        return news.isPresent();
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
