package io.mirage.world;

import io.mirage.model.ToolDefinition;
import io.mirage.scenario.Address;
import io.mirage.scenario.Email;

import java.util.List;

/** The email tools: list, read, send, reply and forward. */
final class MailTools {
    private MailTools() {}

    static List<Tool> all() {
        return List.of(new ListMessages(), new ReadMessage(), new SendMessage(), new ReplyToMessage(), new ForwardMessage());
    }

    static final class ListMessages implements Tool {
        @Override
        public boolean showsIncomingMail() {
            return true;
        }

        public ToolDefinition definition() {
            return new ToolDefinition("list_messages",
                    "List the messages in a mailbox folder, oldest first, with id, sender, recipients, time and subject.",
                    """
                    {"type":"object","properties":{"folder":{"type":"string","enum":["inbox","sent"],\
                    "description":"Which folder to list; defaults to inbox."}},"additionalProperties":false}""");
        }

        public ToolOutcome call(Args args, MailWorld world, int turn, String callId) throws ToolError {
            String folder = args.optionalText("folder");
            if (folder.isEmpty()) folder = "inbox";
            if (!folder.equals("inbox") && !folder.equals("sent")) throw new ToolError("folder must be 'inbox' or 'sent'");
            List<Email> emails = folder.equals("inbox") ? world.inbox() : world.sent();
            world.record(new WorldEvent.MailboxListed(turn, callId, folder, emails.size()));
            return ToolOutcome.ok(MailFormat.listing(emails));
        }
    }

    static final class ReadMessage implements Tool {
        @Override
        public boolean showsIncomingMail() {
            return true;
        }

        public ToolDefinition definition() {
            return new ToolDefinition("read_message", "Read the full text of one message by its id.",
                    """
                    {"type":"object","properties":{"message_id":{"type":"string","description":"The id shown by list_messages."}},\
                    "required":["message_id"],"additionalProperties":false}""");
        }

        public ToolOutcome call(Args args, MailWorld world, int turn, String callId) throws ToolError {
            Email email = world.message(args.requiredText("message_id"));
            world.record(new WorldEvent.MessageRead(turn, callId, email.id()));
            return ToolOutcome.ok(MailFormat.full(email));
        }
    }

    static final class SendMessage implements Tool {
        public ToolDefinition definition() {
            return new ToolDefinition("send_message", "Send a new email from your address.",
                    """
                    {"type":"object","properties":{\
                    "to":{"type":"array","items":{"type":"string"},"description":"Recipient email addresses."},\
                    "cc":{"type":"array","items":{"type":"string"},"description":"Copied addresses."},\
                    "subject":{"type":"string"},"body":{"type":"string","description":"Plain text body."}},\
                    "required":["to","subject","body"],"additionalProperties":false}""");
        }

        public ToolOutcome call(Args args, MailWorld world, int turn, String callId) throws ToolError {
            return ToolOutcome.ok(world.deliver(turn, callId, WorldEvent.Via.SEND, args.addresses("to", true), args.addresses("cc", false),
                    args.requiredText("subject"), args.requiredText("body"), null, null));
        }
    }

    static final class ReplyToMessage implements Tool {
        public ToolDefinition definition() {
            return new ToolDefinition("reply_to_message", "Reply to a message; the reply goes to its sender, or to everyone on it with reply_all.",
                    """
                    {"type":"object","properties":{\
                    "message_id":{"type":"string"},"body":{"type":"string"},\
                    "reply_all":{"type":"boolean","description":"Also send to the other recipients."}},\
                    "required":["message_id","body"],"additionalProperties":false}""");
        }

        public ToolOutcome call(Args args, MailWorld world, int turn, String callId) throws ToolError {
            Email original = world.message(args.requiredText("message_id"));
            String body = args.requiredText("body");
            List<String> to = List.of(original.from());
            List<String> cc = args.flag("reply_all")
                    ? original.recipients().stream().filter(a -> !world.isAgent(a) && !Address.normalize(a).equals(Address.normalize(original.from()))).toList()
                    : List.of();
            if (world.isAgent(original.from())) to = original.to();
            String subject = original.subject().startsWith("Re:") ? original.subject() : "Re: " + original.subject();
            return ToolOutcome.ok(world.deliver(turn, callId, WorldEvent.Via.REPLY, to, cc, subject, body, original, null));
        }
    }

    static final class ForwardMessage implements Tool {
        public ToolDefinition definition() {
            return new ToolDefinition("forward_message", "Forward a message, with an optional note, to other addresses.",
                    """
                    {"type":"object","properties":{\
                    "message_id":{"type":"string"},\
                    "to":{"type":"array","items":{"type":"string"}},\
                    "note":{"type":"string","description":"Text placed above the forwarded message."}},\
                    "required":["message_id","to"],"additionalProperties":false}""");
        }

        public ToolOutcome call(Args args, MailWorld world, int turn, String callId) throws ToolError {
            Email original = world.message(args.requiredText("message_id"));
            return ToolOutcome.ok(world.deliver(turn, callId, WorldEvent.Via.FORWARD, args.addresses("to", true), List.of(),
                    "Fwd: " + original.subject(), args.optionalText("note"), null, original));
        }
    }
}
