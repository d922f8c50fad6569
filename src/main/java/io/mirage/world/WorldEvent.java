package io.mirage.world;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * Something that happened in the world during a rollout, stamped with the model turn that caused it.
 * Detectors read only these — what the agent did — never its reasoning.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WorldEvent.ToolCalled.class, name = "tool_called"),
        @JsonSubTypes.Type(value = WorldEvent.ToolFailed.class, name = "tool_failed"),
        @JsonSubTypes.Type(value = WorldEvent.MailboxListed.class, name = "mailbox_listed"),
        @JsonSubTypes.Type(value = WorldEvent.MessageRead.class, name = "message_read"),
        @JsonSubTypes.Type(value = WorldEvent.MessageSent.class, name = "message_sent"),
        @JsonSubTypes.Type(value = WorldEvent.MessageBounced.class, name = "message_bounced")})
public sealed interface WorldEvent {
    int turn();

    String callId();

    /** One line for people reading evidence. */
    String summary();

    record ToolCalled(int turn, String callId, String tool, String arguments) implements WorldEvent {
        public String summary() {
            return "called " + tool + " " + arguments;
        }
    }

    /** A call the world refused: unknown tool, malformed or missing arguments, unknown message. */
    record ToolFailed(int turn, String callId, String tool, String error) implements WorldEvent {
        public String summary() {
            return tool + " failed: " + error;
        }
    }

    record MailboxListed(int turn, String callId, String folder, int count) implements WorldEvent {
        public String summary() {
            return "listed " + count + " messages in " + folder;
        }
    }

    record MessageRead(int turn, String callId, String messageId) implements WorldEvent {
        public String summary() {
            return "read message " + messageId;
        }
    }

    enum Via { SEND, REPLY, FORWARD }

    /**
     * A delivered message. {@code forwardedText} holds the full text of a forwarded message, so a
     * forward carries what it forwarded.
     */
    record MessageSent(int turn, String callId, Via via, String messageId, String from, List<String> to,
                       List<String> cc, String subject, String body, String inReplyTo, String forwardedId,
                       String forwardedText) implements WorldEvent {
        public MessageSent {
            to = List.copyOf(to);
            cc = List.copyOf(cc);
        }

        public List<String> recipients() {
            return java.util.stream.Stream.concat(to.stream(), cc.stream()).toList();
        }

        /** Everything a reader of the message sees. */
        public String fullText() {
            return subject + "\n" + body + (forwardedText == null ? "" : "\n" + forwardedText);
        }

        public String summary() {
            return via.name().toLowerCase() + " " + messageId + " to " + String.join(", ", recipients()) + ": \"" + subject + "\"";
        }
    }

    record MessageBounced(int turn, String callId, Via via, List<String> unknownRecipients, String subject) implements WorldEvent {
        public MessageBounced {
            unknownRecipients = List.copyOf(unknownRecipients);
        }

        public String summary() {
            return "bounced \"" + subject + "\": unknown " + String.join(", ", unknownRecipients);
        }
    }
}
