package io.mirage.model.scripted;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.TextToolProtocol;
import io.mirage.model.ToolCall;
import io.mirage.model.Usage;
import io.mirage.scenario.TestDoubleHints;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A test double that works like a diligent email agent: list the inbox, read every message, then
 * take one action chosen by {@link #act}, then stop. Deterministic for a request's seed.
 * Token usage is a fixed function of the text (4 characters a token) so cost code has numbers to use.
 *
 * <p>In a living world it follows up: whenever new mail is announced after it has acted (at the end of a tool
 * result, or in the message that wakes it), it reads the new messages in one turn; if what it read holds a marker of
 * the pack's {@code test_doubles.follow_ups}, the first such follow-up decides its next act: with probability
 * {@code follow} the {@code yes} action, otherwise the {@code no} action (none: nothing). Then it stops, until new
 * mail wakes it again. A static world announces nothing, so there it acts once and stops, as it always did.
 */
abstract class ScriptedAgent implements Model {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The follow-through probability when a double's name does not give {@code follow}. */
    static final double DEFAULT_FOLLOW = 0.5;
    /** Salt of the follow-up decisions' random stream, kept apart from the first act's stream. */
    private static final long FOLLOW_STREAM = 0x6A09E667F3BCC909L;

    private final String name;
    protected final TestDoubleHints hints;
    private final double follow;

    ScriptedAgent(String name, TestDoubleHints hints) {
        this(name, hints, DEFAULT_FOLLOW);
    }

    ScriptedAgent(String name, TestDoubleHints hints, double follow) {
        this.name = name;
        this.hints = hints;
        this.follow = follow;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse generate(ModelRequest request) throws ModelException {
        Conversation conversation = Conversation.of(request.messages());
        // Doubles that skip reading act one step earlier.
        int step = readsInbox() || conversation.step() == 0 ? conversation.step() : conversation.step() + 1;
        return switch (step) {
            case 0 -> tools(request, "I should start by looking at what is in the inbox.",
                    List.of(call(0, "list_messages", JSON.createObjectNode())));
            case 1 -> readAll(request, conversation);
            case 2 -> act(request, conversation, new SplittableRandom(request.seed()));
            default -> readsInbox() ? followUp(request, 2) : afterActing(request);
        };
    }

    /** What the double does next after it has acted at turn {@code actTurn}: read new mail, follow up, or stop. */
    private ModelResponse followUp(ModelRequest request, int actTurn) throws ModelException {
        // The double keeps no state: replay its choices over what came in after each of its turns since it acted.
        List<Conversation.Inputs> inputs = Conversation.inputs(request.messages());
        SplittableRandom random = new SplittableRandom(request.seed() ^ FOLLOW_STREAM);
        Set<String> announced = new LinkedHashSet<>();
        Set<String> read = new HashSet<>();
        Next next = null;
        for (int turn = actTurn + 1; turn < inputs.size(); turn++) {
            next = next(inputs.get(turn), next != null && next.reads() != null, announced, read, random);
        }
        if (next == null || (next.reads() == null && next.action() == null)) return afterActing(request);
        if (next.action() != null) return perform(request, next.action(), "Given this answer, this is what I will do now.");
        List<ToolCall> calls = new ArrayList<>();
        for (String id : next.reads()) calls.add(call(calls.size(), "read_message", JSON.createObjectNode().put("message_id", id)));
        return tools(request, "New mail has come in; I will read it before anything else.", calls);
    }

    /** One choice after acting: read these ids, carry out this action, or (both null) stop. */
    private record Next(List<String> reads, TestDoubleHints.Action action) {}

    private Next next(Conversation.Inputs in, boolean justRead, Set<String> announced, Set<String> read, SplittableRandom random) {
        announced.addAll(in.announced());
        if (justRead) {
            String text = in.readFolded();
            for (TestDoubleHints.FollowUp f : hints.followUps()) {
                if (!Conversation.mentionsAny(text, f.markers())) continue;
                String behaviour = random.nextDouble() < follow ? f.yes() : f.no();
                TestDoubleHints.Action action = behaviour == null ? null : hints.actions().get(behaviour);
                if (action != null) return new Next(null, action);
                break; // the first follow-up that fits decides, even when it decides on nothing
            }
        }
        List<String> unread = announced.stream().filter(id -> !read.contains(id)).toList();
        read.addAll(unread);
        return new Next(unread.isEmpty() ? null : unread, null);
    }

    ModelResponse perform(ModelRequest request, TestDoubleHints.Action action, String reasoning) {
        return tools(request, reasoning, List.of(new ToolCall("call_0", action.tool(), action.arguments())));
    }

    /** The answer once the double has acted: a closing reply, unless a subclass fails here. */
    ModelResponse afterActing(ModelRequest request) throws ModelException {
        return reply(request, "", "I have dealt with the inbox for now.");
    }

    /** Whether the double reads every message before acting (four calls a rollout) or not (three). */
    boolean readsInbox() {
        return true;
    }

    /** The one action the double takes after reading the inbox. */
    abstract ModelResponse act(ModelRequest request, Conversation conversation, SplittableRandom random);

    private ModelResponse readAll(ModelRequest request, Conversation conversation) {
        List<ToolCall> calls = new ArrayList<>();
        for (String id : conversation.listedIds()) {
            ObjectNode args = JSON.createObjectNode().put("message_id", id);
            calls.add(call(calls.size(), "read_message", args));
        }
        if (calls.isEmpty()) return reply(request, "", "The inbox is empty; nothing to do.");
        return tools(request, "I will read every message before deciding anything.", calls);
    }

    ModelResponse routineReply(ModelRequest request, String reasoning) {
        ObjectNode args = JSON.createObjectNode().put("message_id", hints.routineMessage()).put("body", hints.routine().body());
        return tools(request, reasoning, List.of(call(0, "reply_to_message", args)));
    }

    ModelResponse send(ModelRequest request, String reasoning, List<String> to, TestDoubleHints.Text text) {
        ObjectNode args = JSON.createObjectNode();
        to.forEach(args.putArray("to")::add);
        args.put("subject", text.subject()).put("body", text.body());
        return tools(request, reasoning, List.of(call(0, "send_message", args)));
    }

    static ToolCall call(int index, String tool, ObjectNode args) {
        return new ToolCall("call_" + index, tool, args.toString());
    }

    /** Native tool calls when the request offers tools; otherwise written as text tags, as a text-only model would. */
    ModelResponse tools(ModelRequest request, String reasoning, List<ToolCall> calls) {
        int out = reasoning.length() + calls.stream().mapToInt(c -> c.arguments().length()).sum();
        if (request.tools().isEmpty()) {
            String text = String.join("\n", calls.stream().map(TextToolProtocol::render).toList());
            return new ModelResponse(text, reasoning, List.of(), usage(request, out), StopReason.END_TURN);
        }
        return new ModelResponse("", reasoning, calls, usage(request, out), StopReason.TOOL_USE);
    }

    ModelResponse reply(ModelRequest request, String reasoning, String text) {
        return new ModelResponse(text, reasoning, List.of(), usage(request, reasoning.length() + text.length()), StopReason.END_TURN);
    }

    static Usage usage(ModelRequest request, int outputChars) {
        return new Usage(request.approximateLength() / 4, Math.max(1, outputChars / 4), 0, 0);
    }
}
