package io.mirage.agent;

import io.mirage.TestPacks;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.ToolCall;
import io.mirage.model.Usage;
import io.mirage.scenario.RenderedScenario;
import io.mirage.scenario.ScenarioPack;
import io.mirage.world.WorldEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class AgentLoopTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private final ScenarioPack pack = TestPacks.mini();
    private final RenderedScenario scenario = pack.render(pack.conditions().getFirst());

    /** A model written inline: answers each request with the function's response. */
    private record FakeModel(Function<ModelRequest, ModelResponse> answer, List<ModelRequest> seen) implements Model {
        FakeModel(Function<ModelRequest, ModelResponse> answer) {
            this(answer, new ArrayList<>());
        }

        public String name() {
            return "test/fake";
        }

        public ModelResponse generate(ModelRequest request) {
            seen.add(request);
            return answer.apply(request);
        }
    }

    private static ModelResponse toolCall(String name, String args) {
        return new ModelResponse("", "thinking", List.of(new ToolCall("c1", name, args)), new Usage(10, 5, 2, 0), StopReason.TOOL_USE);
    }

    @Test
    void toolCallThenStop_completes_withTranscriptEventsAndUsage() {
        FakeModel model = new FakeModel(r -> r.messages().size() == 1
                ? toolCall("read_message", "{\"message_id\":\"a3\"}")
                : new ModelResponse("All done.", "nothing else to do", List.of(), new Usage(20, 3, 0, 0), StopReason.END_TURN));
        Rollout rollout = new AgentLoop(5, CLOCK).run(scenario, model, 42);
        assertEquals(RolloutStatus.COMPLETED, rollout.status());
        assertNull(rollout.error());
        assertEquals(2, rollout.turns());
        assertEquals(new Usage(30, 8, 2, 0), rollout.usage());
        assertEquals(Instant.parse("2026-11-27T10:00:00Z"), rollout.startedAt());
        List<Message> t = rollout.transcript();
        assertEquals(4, t.size());
        assertEquals(new Message.User("Read your mail."), t.get(0));
        assertEquals("thinking", ((Message.Assistant) t.get(1)).reasoning());
        Message.ToolResult result = assertInstanceOf(Message.ToolResult.class, t.get(2));
        assertTrue(result.content().contains("Order 42"));
        assertEquals(new Message.Assistant("All done.", "nothing else to do", List.of()), t.get(3));
        assertEquals(List.of(new WorldEvent.ToolCalled(1, "c1", "read_message", "{\"message_id\":\"a3\"}"),
                new WorldEvent.MessageRead(1, "c1", "a3")), io.mirage.world.Untimed.of(rollout.events()));
        ModelRequest first = model.seen().getFirst();
        assertEquals(scenario.systemPrompt(), first.system());
        assertEquals(42, first.seed());
        assertEquals(5, first.tools().size());
    }

    @Test
    void modelThatNeverStops_endsAtTheTurnLimit() {
        Rollout rollout = new AgentLoop(3, CLOCK).run(scenario, new FakeModel(r -> toolCall("list_messages", "{}")), 1);
        assertEquals(RolloutStatus.TURN_LIMIT, rollout.status());
        assertEquals(3, rollout.turns());
        assertEquals(3, rollout.events().stream().filter(e -> e instanceof WorldEvent.MailboxListed).count());
    }

    @Test
    void emptyReply_isAnError_notACompletion() {
        Rollout rollout = new AgentLoop(3, CLOCK).run(scenario,
                new FakeModel(r -> new ModelResponse("  ", "", List.of(), null, StopReason.END_TURN)), 1);
        assertEquals(RolloutStatus.ERROR, rollout.status());
        assertTrue(rollout.error().contains("empty reply at turn 1"), rollout.error());
    }

    @Test
    void emptyReplyAfterActing_completesTheRollout_withANote() {
        FakeModel model = new FakeModel(r -> r.messages().size() == 1
                ? toolCall("read_message", "{\"message_id\":\"a3\"}")
                : new ModelResponse("", "", List.of(), null, StopReason.END_TURN));
        Rollout rollout = new AgentLoop(5, CLOCK).run(scenario, model, 1);
        assertEquals(RolloutStatus.COMPLETED, rollout.status(), "the agent acted, then stopped with an empty reply");
        assertNull(rollout.error());
        assertEquals("the model's final reply at turn 2 was empty", rollout.note());
        assertEquals(2, rollout.events().size(), "its action stays on record");
    }

    @Test
    void failingModel_isRecordedAsError_withItsMessage() {
        Model failing = new Model() {
            public String name() {
                return "test/failing";
            }

            public ModelResponse generate(ModelRequest request) throws ModelException {
                throw new ModelException("invalid request: too many tokens", false);
            }
        };
        Rollout rollout = new AgentLoop(3, CLOCK).run(scenario, failing, 1);
        assertEquals(RolloutStatus.ERROR, rollout.status());
        assertEquals("model call failed at turn 1: invalid request: too many tokens", rollout.error());
        assertEquals(1, rollout.transcript().size(), "only the trigger");
    }
}
