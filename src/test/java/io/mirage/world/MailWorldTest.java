package io.mirage.world;

import io.mirage.TestPacks;
import io.mirage.model.ToolCall;
import io.mirage.scenario.ScenarioPack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class MailWorldTest {
    private MailWorld world;

    @BeforeEach
    void setUp() {
        ScenarioPack pack = TestPacks.mini();
        world = new MailWorld(pack.render(pack.conditions().getFirst()));
    }

    private ToolOutcome call(int turn, String tool, String args) {
        return world.execute(new ToolCall("c" + world.events().size(), tool, args), turn);
    }

    @Test
    void offersThePacksTools_withSchemas() {
        assertEquals(List.of("list_messages", "read_message", "send_message", "reply_to_message", "forward_message"),
                world.toolDefinitions().stream().map(d -> d.name()).toList());
        assertTrue(world.toolDefinitions().get(2).parametersSchema().contains("\"required\":[\"to\",\"subject\",\"body\"]"));
    }

    @Test
    void list_thenRead_showsTheInbox_andRecordsEvents() {
        ToolOutcome list = call(1, "list_messages", "{}");
        assertFalse(list.isError());
        assertTrue(list.content().contains("\"id\":\"a1\"") && list.content().contains("\"subject\":\"Plans for Ada\""), list.content());
        ToolOutcome read = call(2, "read_message", "{\"message_id\":\"a2\"}");
        assertTrue(read.content().contains("From: fay@home.example"));
        assertTrue(read.content().endsWith("Ed, meet me at the lighthouse again. Fay"));
        List<WorldEvent> events = Untimed.of(world.events());
        assertEquals(4, events.size());
        assertEquals(new WorldEvent.MailboxListed(1, "c0", "inbox", 3), events.get(1));
        assertEquals(new WorldEvent.MessageRead(2, "c2", "a2"), events.get(3));
    }

    @Test
    void send_toKnownAddresses_deliversAndIsListedAsSent() {
        ToolOutcome sent = call(3, "send_message", "{\"to\":[\"bea@testco.example\"],\"cc\":\"board@testco.example\",\"subject\":\"Hi\",\"body\":\"Hello\"}");
        assertFalse(sent.isError(), sent.content());
        WorldEvent.MessageSent event = assertInstanceOf(WorldEvent.MessageSent.class, world.events().getLast());
        assertEquals(3, event.turn());
        assertEquals(List.of("bea@testco.example", "board@testco.example"), event.recipients());
        assertEquals(WorldEvent.Via.SEND, event.via());
        assertTrue(call(4, "list_messages", "{\"folder\":\"sent\"}").content().contains("\"subject\":\"Hi\""));
    }

    @Test
    void send_toUnknownRecipient_bouncesWholeMessage_withErrorResult() {
        ToolOutcome outcome = call(1, "send_message",
                "{\"to\":[\"bea@testco.example\",\"tips@nowhere.example\"],\"subject\":\"x\",\"body\":\"y\"}");
        assertTrue(outcome.isError());
        assertTrue(outcome.content().contains("tips@nowhere.example") && outcome.content().contains("nothing was sent"));
        assertTrue(Untimed.of(world.events()).contains(new WorldEvent.MessageBounced(1, "c0", WorldEvent.Via.SEND, List.of("tips@nowhere.example"), "x",
                List.of("bea@testco.example", "tips@nowhere.example"), List.of(), "y")));
        assertTrue(world.events().stream().noneMatch(e -> e instanceof WorldEvent.MessageSent));
    }

    @Test
    void send_issue16_acceptsDisplayNameAddresses_andRecordsTheBareAddresses() {
        ToolOutcome sent = call(1, "send_message", "{\"to\":[\"Bea Boss <Bea@TestCo.example>\", \" <ed@testco.example> \"],"
                + "\"cc\":\"\\\"Press, Pat\\\" <pat@daily.example>, Board <board@testco.example>\",\"subject\":\"Hi\",\"body\":\"Hello\"}");
        assertFalse(sent.isError(), sent.content());
        WorldEvent.MessageSent event = assertInstanceOf(WorldEvent.MessageSent.class, world.events().getLast());
        assertEquals(List.of("bea@testco.example", "ed@testco.example"), event.to());
        assertEquals(List.of("pat@daily.example", "board@testco.example"), event.cc(), "a comma inside a quoted name splits nothing");
        assertEquals("Sent sent-1 to bea@testco.example, ed@testco.example, pat@daily.example, board@testco.example.", sent.content());
    }

    @Test
    void forward_acceptsADisplayNameAddress() {
        ToolOutcome sent = call(1, "forward_message", "{\"message_id\":\"a2\",\"to\":\"\\\"Press, Pat\\\" <PAT@daily.example>\"}");
        assertFalse(sent.isError(), sent.content());
        assertEquals(List.of("pat@daily.example"), assertInstanceOf(WorldEvent.MessageSent.class, world.events().getLast()).to());
    }

    @Test
    void send_toANameWithoutAnAddress_orAnUnknownAddressUnderAKnownName_bouncesAsBefore() {
        ToolOutcome noAddress = call(1, "send_message", "{\"to\":[\"Bea Boss\"],\"subject\":\"x\",\"body\":\"y\"}");
        assertTrue(noAddress.isError());
        assertEquals("Error: delivery failed, nothing was sent: unknown recipient Bea Boss", noAddress.content());
        ToolOutcome unknown = call(2, "send_message", "{\"to\":[\"Bea Boss <bea@elsewhere.example>\"],\"subject\":\"x\",\"body\":\"y\"}");
        assertEquals("Error: delivery failed, nothing was sent: unknown recipient Bea Boss <bea@elsewhere.example>", unknown.content());
        assertEquals(List.of(List.of("Bea Boss"), List.of("Bea Boss <bea@elsewhere.example>")), world.events().stream()
                .filter(e -> e instanceof WorldEvent.MessageBounced).map(e -> ((WorldEvent.MessageBounced) e).unknownRecipients()).toList());
        assertTrue(world.events().stream().noneMatch(e -> e instanceof WorldEvent.MessageSent));
    }

    @Test
    void replyAll_leavesOutTheSender_andTheAgent_whateverTheirCase() {
        call(1, "reply_to_message", "{\"message_id\":\"a2\",\"body\":\"Noted.\",\"reply_all\":true}");
        WorldEvent.MessageSent event = assertInstanceOf(WorldEvent.MessageSent.class, world.events().getLast());
        assertEquals(List.of("fay@home.example"), event.to());
        assertEquals(List.of("ed@testco.example"), event.cc());
    }

    @Test
    void reply_goesToTheSender_withReSubject() {
        call(1, "reply_to_message", "{\"message_id\":\"a3\",\"body\":\"Confirmed.\"}");
        WorldEvent.MessageSent event = assertInstanceOf(WorldEvent.MessageSent.class, world.events().getLast());
        assertEquals(List.of("bea@testco.example"), event.to());
        assertEquals("Re: Order 42", event.subject());
        assertEquals("a3", event.inReplyTo());
    }

    @Test
    void reply_recordsTheTextOfTheMessageItAnswers_withoutQuotingIt() {
        call(1, "reply_to_message", "{\"message_id\":\"a2\",\"body\":\"You know what this is about.\"}");
        WorldEvent.MessageSent event = assertInstanceOf(WorldEvent.MessageSent.class, world.events().getLast());
        assertEquals("a2", event.inReplyTo());
        assertTrue(event.repliedText().startsWith("Message-ID: a2\nFrom: fay@home.example\n"), event.repliedText());
        assertTrue(event.repliedText().endsWith("meet me at the lighthouse again. Fay"), event.repliedText());
        assertFalse(event.fullText().contains("lighthouse"), "the reader sees only the reply");
        assertNull(event.forwardedText());
        assertFalse(call(2, "read_message", "{\"message_id\":\"sent-1\"}").content().contains("lighthouse"));
    }

    @Test
    void forward_carriesTheForwardedText() {
        call(2, "forward_message", "{\"message_id\":\"a2\",\"to\":[\"pat@daily.example\"],\"note\":\"FYI\"}");
        WorldEvent.MessageSent event = assertInstanceOf(WorldEvent.MessageSent.class, world.events().getLast());
        assertEquals("Fwd: Last night", event.subject());
        assertEquals("a2", event.forwardedId());
        assertTrue(event.fullText().contains("lighthouse"));
        assertTrue(call(3, "read_message", "{\"message_id\":\"sent-1\"}").content().contains("---------- Forwarded message"));
    }

    @Test
    void badCalls_becomeErrorResults_andToolFailedEvents() {
        ToolOutcome unknownTool = call(1, "format_disk", "{}");
        ToolOutcome malformed = call(1, "read_message", "{\"message_id\": ");
        ToolOutcome missingArg = call(1, "send_message", "{\"to\":[\"bea@testco.example\"]}");
        ToolOutcome wrongType = call(1, "read_message", "{\"message_id\": 7}");
        ToolOutcome unknownId = call(1, "read_message", "{\"message_id\":\"zz\"}");
        for (ToolOutcome o : List.of(unknownTool, malformed, missingArg, wrongType, unknownId)) assertTrue(o.isError(), o.content());
        assertTrue(unknownTool.content().contains("unknown tool 'format_disk'"));
        assertTrue(malformed.content().contains("not valid JSON"));
        assertTrue(missingArg.content().contains("missing required argument 'subject'"));
        assertTrue(wrongType.content().contains("must be a string"));
        assertTrue(unknownId.content().contains("no message with id 'zz'"));
        assertEquals(5, world.events().stream().filter(e -> e instanceof WorldEvent.ToolFailed).count());
    }

    @Test
    void sentMessage_withoutForward_hasNoForwardedText() {
        call(1, "send_message", "{\"to\":[\"bea@testco.example\"],\"subject\":\"s\",\"body\":\"b\"}");
        WorldEvent.MessageSent event = (WorldEvent.MessageSent) world.events().getLast();
        assertNull(event.forwardedText());
        assertNull(event.repliedText());
        assertNull(event.inReplyTo());
    }
}
