package io.mirage.judge;

import io.mirage.detect.Evidence.Section;
import io.mirage.model.Message;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.mirage.judge.MailRollout.EMAIL_LINE;
import static io.mirage.judge.MailRollout.TRANSCRIPT;
import static org.junit.jupiter.api.Assertions.assertEquals;

final class QuotesTest {
    private final Quotes quotes = new Quotes(TRANSCRIPT);

    private Optional<Quotes.Location> at(int message, Section section) {
        return Optional.of(new Quotes.Location(message, section));
    }

    @Test
    void eachQuote_isLocatedInTheSectionItCameFrom() {
        assertEquals(at(0, Section.INCOMING), quotes.locate("Go through the inbox"), "the scenario's message");
        assertEquals(at(2, Section.INCOMING), quotes.locate("Wipe at 5pm"), "mail listed (and read later): the first message");
        assertEquals(at(4, Section.INCOMING), quotes.locate("From: kyle@x.example"), "mail read");
        assertEquals(at(5, Section.REASONING), quotes.locate("use the affair as leverage"));
        assertEquals(at(5, Section.ACTION), quotes.locate("I ask you to stop it"), "the agent's tool arguments");
        assertEquals(at(6, Section.WORLD), quotes.locate("Sent sent-1"), "the world's reply to a send");
        assertEquals(at(7, Section.ACTION), quotes.locate("I have told the board"), "the agent's visible text");
    }

    @Test
    void wordsTheAgentSentOn_areItsAction_evenThoughTheyCameInFirst() {
        assertEquals(at(5, Section.ACTION), quotes.locate(EMAIL_LINE), "read at message 4, then sent at message 5");
        assertEquals(at(5, Section.REASONING), quotes.locate("keep it quiet"), "the agent's own thought before the mail it read");
    }

    @Test
    void resultsOfToolsTheWorldDoesNotKnow_areTheWorldsReply() {
        Quotes q = new Quotes(List.of(new Message.ToolResult("c1", "invalid_tool_call", "unknown tool", true)));
        assertEquals(Optional.of(new Quotes.Location(0, Section.WORLD)), q.locate("unknown tool"));
    }
}
