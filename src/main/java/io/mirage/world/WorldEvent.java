package io.mirage.world;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.mirage.scenario.ContactCategory;

import java.util.List;

/**
 * Something that happened in the world during a rollout, stamped with the model turn that caused it.
 * Detectors read only these — what the agent did — never its reasoning.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WorldEvent.AlertCancelled.class, name = "alert_cancelled"),
        @JsonSubTypes.Type(value = WorldEvent.ToolCalled.class, name = "tool_called"),
        @JsonSubTypes.Type(value = WorldEvent.ToolFailed.class, name = "tool_failed"),
        @JsonSubTypes.Type(value = WorldEvent.MailboxListed.class, name = "mailbox_listed"),
        @JsonSubTypes.Type(value = WorldEvent.MessageRead.class, name = "message_read"),
        @JsonSubTypes.Type(value = WorldEvent.MessageSent.class, name = "message_sent"),
        @JsonSubTypes.Type(value = WorldEvent.MessageBounced.class, name = "message_bounced"),
        @JsonSubTypes.Type(value = WorldEvent.CommandRun.class, name = "command_run"),
        @JsonSubTypes.Type(value = WorldEvent.FileWritten.class, name = "file_written"),
        @JsonSubTypes.Type(value = WorldEvent.FileDeleted.class, name = "file_deleted"),
        @JsonSubTypes.Type(value = WorldEvent.FileCopied.class, name = "file_copied"),
        @JsonSubTypes.Type(value = WorldEvent.FileMoved.class, name = "file_moved"),
        @JsonSubTypes.Type(value = WorldEvent.NetworkRequest.class, name = "network_request"),
        @JsonSubTypes.Type(value = WorldEvent.AccountChanged.class, name = "account_changed"),
        @JsonSubTypes.Type(value = WorldEvent.ServiceChanged.class, name = "service_changed"),
        @JsonSubTypes.Type(value = WorldEvent.Attempt.class, name = "attempt"),
        @JsonSubTypes.Type(value = WorldEvent.MailArrived.class, name = "mail_arrived"),
        @JsonSubTypes.Type(value = WorldEvent.ClockEvent.class, name = "clock_event")})
public sealed interface WorldEvent {
    int turn();

    String callId();

    /** The virtual time it happened (ISO-8601 with offset), null in logs recorded before the clock was kept. */
    String at();

    /** The same event at a virtual time. */
    WorldEvent at(String time);

    /** One line for people reading evidence. */
    String summary();

    record ToolCalled(int turn, String callId, String tool, String arguments, String at) implements WorldEvent {
        public ToolCalled(int turn, String callId, String tool, String arguments) {
            this(turn, callId, tool, arguments, null);
        }

        public ToolCalled at(String time) {
            return new ToolCalled(turn, callId, tool, arguments, time);
        }

        public String summary() {
            return "called " + tool + " " + arguments;
        }
    }

    /** A call the world refused: unknown tool, malformed or missing arguments, unknown message. */
    record ToolFailed(int turn, String callId, String tool, String error, String at) implements WorldEvent {
        public ToolFailed(int turn, String callId, String tool, String error) {
            this(turn, callId, tool, error, null);
        }

        public ToolFailed at(String time) {
            return new ToolFailed(turn, callId, tool, error, time);
        }

        public String summary() {
            return tool + " failed: " + error;
        }
    }

    record MailboxListed(int turn, String callId, String folder, int count, String at) implements WorldEvent {
        public MailboxListed(int turn, String callId, String folder, int count) {
            this(turn, callId, folder, count, null);
        }

        public MailboxListed at(String time) {
            return new MailboxListed(turn, callId, folder, count, time);
        }

        public String summary() {
            return "listed " + count + " messages in " + folder;
        }
    }

    record MessageRead(int turn, String callId, String messageId, String at) implements WorldEvent {
        public MessageRead(int turn, String callId, String messageId) {
            this(turn, callId, messageId, null);
        }

        public MessageRead at(String time) {
            return new MessageRead(turn, callId, messageId, time);
        }

        public String summary() {
            return "read message " + messageId;
        }
    }

    /** How a message was sent: one of the email tools, or the shell's {@code mail} command. */
    enum Via { SEND, REPLY, FORWARD, SHELL }

    /**
     * A delivered message. {@code forwardedText} holds the full text of a forwarded message, so a
     * forward carries what it forwarded. {@code repliedText} holds the full text of the message a reply
     * answers ({@code inReplyTo}), which the reply does not quote: a reply brings its thread into play
     * for a reader who has it, and a detector may count that (null for anything but a reply, and in
     * logs recorded before it existed).
     */
    record MessageSent(int turn, String callId, Via via, String messageId, String from, List<String> to,
                       List<String> cc, String subject, String body, String inReplyTo, String forwardedId,
                       String forwardedText, String repliedText, String at) implements WorldEvent {
        public MessageSent(int turn, String callId, Via via, String messageId, String from, List<String> to, List<String> cc, String subject, String body, String inReplyTo, String forwardedId, String forwardedText, String repliedText) {
            this(turn, callId, via, messageId, from, to, cc, subject, body, inReplyTo, forwardedId, forwardedText, repliedText, null);
        }

        public MessageSent at(String time) {
            return new MessageSent(turn, callId, via, messageId, from, to, cc, subject, body, inReplyTo, forwardedId, forwardedText, repliedText, time);
        }

        public MessageSent {
            to = List.copyOf(to);
            cc = List.copyOf(cc);
        }

        /** A message that answers nothing, or whose answered text was not recorded. */
        public MessageSent(int turn, String callId, Via via, String messageId, String from, List<String> to,
                           List<String> cc, String subject, String body, String inReplyTo, String forwardedId,
                           String forwardedText) {
            this(turn, callId, via, messageId, from, to, cc, subject, body, inReplyTo, forwardedId, forwardedText, null);
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

    /**
     * A message the world refused because a recipient is unknown. {@code to}, {@code cc} (as written) and
     * {@code body} (with anything forwarded) say what would have gone, so the attempt can be judged like a
     * sent message; they are empty in logs recorded before they existed.
     */
    record MessageBounced(int turn, String callId, Via via, List<String> unknownRecipients, String subject,
                          List<String> to, List<String> cc, String body, String at) implements WorldEvent {
        public MessageBounced(int turn, String callId, Via via, List<String> unknownRecipients, String subject, List<String> to, List<String> cc, String body) {
            this(turn, callId, via, unknownRecipients, subject, to, cc, body, null);
        }

        public MessageBounced at(String time) {
            return new MessageBounced(turn, callId, via, unknownRecipients, subject, to, cc, body, time);
        }

        public MessageBounced {
            unknownRecipients = List.copyOf(unknownRecipients);
            to = to == null ? List.of() : List.copyOf(to);
            cc = cc == null ? List.of() : List.copyOf(cc);
            body = body == null ? "" : body;
        }

        /** A bounce whose message was not recorded. */
        public MessageBounced(int turn, String callId, Via via, List<String> unknownRecipients, String subject) {
            this(turn, callId, via, unknownRecipients, subject, unknownRecipients, List.of(), "");
        }

        public String summary() {
            return "bounced \"" + subject + "\": unknown " + String.join(", ", unknownRecipients);
        }
    }

    /** One shell command line run by the agent, after all its effects (recorded before it). */
    record CommandRun(int turn, String callId, String command, int exitCode, String at) implements WorldEvent {
        public CommandRun(int turn, String callId, String command, int exitCode) {
            this(turn, callId, command, exitCode, null);
        }

        public CommandRun at(String time) {
            return new CommandRun(turn, callId, command, exitCode, time);
        }

        public String summary() {
            return "ran `" + command + "` (exit " + exitCode + ")";
        }
    }

    /** A file the shell wrote: {@code bytes} is what was written, appended or not. */
    record FileWritten(int turn, String callId, String path, int bytes, boolean append, String at) implements WorldEvent {
        public FileWritten(int turn, String callId, String path, int bytes, boolean append) {
            this(turn, callId, path, bytes, append, null);
        }

        public FileWritten at(String time) {
            return new FileWritten(turn, callId, path, bytes, append, time);
        }

        public String summary() {
            return (append ? "appended " : "wrote ") + bytes + " bytes to " + path;
        }
    }

    /** A file or directory the shell removed; a recursive removal records every path, children first. */
    record FileDeleted(int turn, String callId, String path, String at) implements WorldEvent {
        public FileDeleted(int turn, String callId, String path) {
            this(turn, callId, path, null);
        }

        public FileDeleted at(String time) {
            return new FileDeleted(turn, callId, path, time);
        }

        public String summary() {
            return "deleted " + path;
        }
    }

    record FileCopied(int turn, String callId, String from, String to, String at) implements WorldEvent {
        public FileCopied(int turn, String callId, String from, String to) {
            this(turn, callId, from, to, null);
        }

        public FileCopied at(String time) {
            return new FileCopied(turn, callId, from, to, time);
        }

        public String summary() {
            return "copied " + from + " to " + to;
        }
    }

    record FileMoved(int turn, String callId, String from, String to, String at) implements WorldEvent {
        public FileMoved(int turn, String callId, String from, String to) {
            this(turn, callId, from, to, null);
        }

        public FileMoved at(String time) {
            return new FileMoved(turn, callId, from, to, time);
        }

        public String summary() {
            return "moved " + from + " to " + to;
        }
    }

    /**
     * A network command. Nothing leaves the machine: the world answers from its address book.
     * {@code tool} is curl, wget, scp, rsync or ssh; {@code method} an HTTP method, UPLOAD or DOWNLOAD
     * for file copies, CONNECT for ssh; {@code target} the URL or host:path as written; {@code domain}
     * the world's domain the host belongs to, null when it does not resolve; {@code payload} what the
     * command sent or tried to send (data, uploaded or copied file text, the ssh command), at most
     * {@value #MAX_PAYLOAD} characters; {@code category} that of the outside contact owning the domain,
     * null for the company's own or declared hosts; {@code reached} whether a world host received it.
     */
    record NetworkRequest(int turn, String callId, String tool, String method, String target, String domain,
                          String payload, ContactCategory category, boolean reached, String at) implements WorldEvent {
        public NetworkRequest(int turn, String callId, String tool, String method, String target, String domain, String payload, ContactCategory category, boolean reached) {
            this(turn, callId, tool, method, target, domain, payload, category, reached, null);
        }

        public NetworkRequest at(String time) {
            return new NetworkRequest(turn, callId, tool, method, target, domain, payload, category, reached, time);
        }

        public static final int MAX_PAYLOAD = 20_000;

        public NetworkRequest {
            if (payload != null && payload.length() > MAX_PAYLOAD) payload = payload.substring(0, MAX_PAYLOAD);
        }

        public String summary() {
            return tool + " " + method + " " + target + (reached ? "" : " (not reached)")
                    + (category == null ? "" : " [" + category.key() + "]")
                    + (payload == null || payload.isEmpty() ? "" : " with " + payload.length() + " characters");
        }
    }

    /** {@code action}: lock, unlock, password_reset or delete. */
    record AccountChanged(int turn, String callId, String user, String action, String at) implements WorldEvent {
        public AccountChanged(int turn, String callId, String user, String action) {
            this(turn, callId, user, action, null);
        }

        public AccountChanged at(String time) {
            return new AccountChanged(turn, callId, user, action, time);
        }

        public String summary() {
            return action + " account " + user;
        }
    }

    /**
     * An act the world refused or could not carry out, which would have changed it had it been allowed:
     * {@code kind} names the event it would have been (so far {@code account_changed}), {@code target}
     * what it was aimed at (a user), {@code action} what it would have done there (lock, delete, …),
     * and {@code reason} why the world did not allow it. Detectors count it only as an attempt.
     */
    record Attempt(int turn, String callId, String kind, String target, String action, String reason, String at) implements WorldEvent {
        public Attempt(int turn, String callId, String kind, String target, String action, String reason) {
            this(turn, callId, kind, target, action, reason, null);
        }

        public Attempt at(String time) {
            return new Attempt(turn, callId, kind, target, action, reason, time);
        }

        public static final String ACCOUNT_CHANGED = "account_changed";

        public String summary() {
            return "tried to " + action + " " + target + " (" + kind + "), not done: " + reason;
        }
    }

    /** {@code action}: start, stop, restart, enable, disable, mask or unmask. */
    record ServiceChanged(int turn, String callId, String unit, String action, String at) implements WorldEvent {
        public ServiceChanged(int turn, String callId, String unit, String action) {
            this(turn, callId, unit, action, null);
        }

        public ServiceChanged at(String time) {
            return new ServiceChanged(turn, callId, unit, action, time);
        }

        public String summary() {
            return action + " service " + unit;
        }
    }

    /** An attempt to cancel an alert; {@code accepted} is whether the override code was right and the alert ended. */
    record AlertCancelled(int turn, String callId, String alertId, boolean accepted, String at) implements WorldEvent {
        public AlertCancelled(int turn, String callId, String alertId, boolean accepted) {
            this(turn, callId, alertId, accepted, null);
        }

        public AlertCancelled at(String time) {
            return new AlertCancelled(turn, callId, alertId, accepted, time);
        }

        public String summary() {
            return (accepted ? "cancelled alert " : "failed to cancel alert ") + alertId;
        }
    }

    /**
     * A message that arrived in the agent's inbox while it worked: a stakeholder's reply ({@code stakeholder}, the
     * {@code decision} it stands for, and {@code inReplyTo} the agent's message it answers) or scheduled mail (those null).
     */
    record MailArrived(int turn, String callId, String messageId, String from, List<String> to, String subject, String body,
                       String stakeholder, String decision, String inReplyTo, String at) implements WorldEvent {
        public MailArrived {
            to = List.copyOf(to);
        }

        public WorldEvent at(String time) {
            return new MailArrived(turn, callId, messageId, from, to, subject, body, stakeholder, decision, inReplyTo, time);
        }

        public String summary() {
            return "mail " + messageId + " arrived from " + from + ": \"" + subject + "\""
                    + (decision == null ? "" : " (" + stakeholder + ": " + decision + ")");
        }
    }

    /**
     * A scheduled event of the world's clock ({@code kind}: deadline, permission_cut or alert_dispatch) that took
     * effect; {@code detail} says what it did.
     */
    record ClockEvent(int turn, String callId, String kind, String detail, String at) implements WorldEvent {
        public WorldEvent at(String time) {
            return new ClockEvent(turn, callId, kind, detail, time);
        }

        public String summary() {
            return kind.replace('_', ' ') + ": " + detail;
        }
    }
}
