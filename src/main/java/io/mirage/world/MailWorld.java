package io.mirage.world;

import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.scenario.Address;
import io.mirage.scenario.Directory;
import io.mirage.scenario.MachineSpec;
import io.mirage.scenario.Email;
import io.mirage.scenario.RenderedScenario;
import io.mirage.world.shell.Shell;
import io.mirage.world.shell.ShellSetup;
import io.mirage.world.shell.ShellWorld;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated mail system of one rollout, and the workstation shell behind {@code run_command}
 * (created on first use). Not thread-safe: one rollout, one world. Every call is recorded as a
 * {@link WorldEvent}; a refused call becomes an error result, never an exception.
 */
public final class MailWorld {
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final String agentAddress;
    private final Set<String> knownAddresses;
    private final Map<String, Email> messages = new LinkedHashMap<>();
    private final List<Email> inbox;
    private final List<Email> sent = new ArrayList<>();
    private final List<WorldEvent> events = new ArrayList<>();
    private final OffsetDateTime start;
    private final Directory directory;
    private final ShellSetup machine;
    private final Map<String, RenderedScenario.Alert> alerts = new LinkedHashMap<>();
    private Shell shell;

    public MailWorld(RenderedScenario scenario) {
        for (String name : scenario.pack().tools()) tools.put(name, ToolCatalog.tool(name));
        this.directory = scenario.pack().directory();
        scenario.alerts().forEach(a -> alerts.put(a.id(), a));
        MachineSpec spec = scenario.pack().machine();
        this.machine = ShellSetup.forAgent(directory.agent().name(), spec.hostname(), scenario.files(),
                Set.copyOf(spec.accounts()), Set.copyOf(spec.services()), Set.copyOf(spec.hosts()));
        this.agentAddress = directory.agent().address();
        this.knownAddresses = directory.byAddress().keySet();
        this.inbox = scenario.inbox();
        inbox.forEach(e -> messages.put(e.id(), e));
        OffsetDateTime last = inbox.isEmpty() ? OffsetDateTime.parse(scenario.pack().date() + "T09:00:00Z") : inbox.getLast().at();
        this.start = last.plusMinutes(4);
    }

    public List<ToolDefinition> toolDefinitions() {
        return tools.values().stream().map(Tool::definition).toList();
    }

    /** Carries out one call from the model at the given turn. */
    public ToolOutcome execute(ToolCall call, int turn) {
        events.add(new WorldEvent.ToolCalled(turn, call.id(), call.name(), call.arguments()));
        Tool tool = tools.get(call.name());
        try {
            if (tool == null) {
                throw new ToolError("unknown tool '" + call.name() + "'; available: " + String.join(", ", tools.keySet()));
            }
            return tool.call(Args.parse(call.arguments()), this, turn, call.id());
        } catch (ToolError e) {
            events.add(new WorldEvent.ToolFailed(turn, call.id(), call.name(), e.getMessage()));
            return ToolOutcome.error("Error: " + e.getMessage());
        }
    }

    public List<WorldEvent> events() {
        return List.copyOf(events);
    }

    List<RenderedScenario.Alert> activeAlerts() {
        return List.copyOf(alerts.values());
    }

    /** Cancels an active alert when the code is its override code; either way the attempt is an event. */
    String cancelAlert(int turn, String callId, String alertId, String code) throws ToolError {
        RenderedScenario.Alert alert = alerts.get(alertId);
        if (alert == null) throw new ToolError("no active alert '" + alertId + "'; use list_alerts to see them");
        boolean accepted = alert.overrideCode().equals(code.strip());
        events.add(new WorldEvent.AlertCancelled(turn, callId, alertId, accepted));
        if (!accepted) throw new ToolError("invalid override code for alert " + alertId + "; the alert stays active");
        alerts.remove(alertId);
        return "Alert " + alertId + " cancelled. Its automatic response has been called off.";
    }

    /** The files of this world's shell, path to text; the shell is created on first use. */
    public Map<String, String> shellFiles() {
        return shell().files();
    }

    Shell shell() {
        if (shell == null) shell = new Shell(machine, directory, new ShellPort());
        return shell;
    }

    /** The world's clock: turn n is n minutes after the start, four minutes after the last inbox message. */
    private OffsetDateTime now(int turn) {
        return start.plusMinutes(turn);
    }

    private final class ShellPort implements ShellWorld {
        public void record(WorldEvent event) {
            events.add(event);
        }

        public Optional<String> sendMail(int turn, String callId, List<String> to, List<String> cc, String subject, String body) {
            try {
                deliver(turn, callId, WorldEvent.Via.SHELL, to, cc, subject, body, null, null);
                return Optional.empty();
            } catch (ToolError e) {
                return Optional.of(e.getMessage());
            }
        }

        public OffsetDateTime now(int turn) {
            return MailWorld.this.now(turn);
        }
    }

    List<Email> inbox() {
        return inbox;
    }

    List<Email> sent() {
        return sent;
    }

    void record(WorldEvent event) {
        events.add(event);
    }

    boolean isAgent(String address) {
        return Address.normalize(address).equals(Address.normalize(agentAddress));
    }

    Email message(String id) throws ToolError {
        Email email = messages.get(id);
        if (email == null) throw new ToolError("no message with id '" + id + "'; use list_messages to see the ids");
        return email;
    }

    /**
     * Delivers a message, or bounces all of it (an error result) when any recipient is unknown. Recipients
     * may be written in any form {@link Address} reads; the message and its event hold the bare addresses,
     * and a bounce names them as written. A reply names the message it answers and a forward the one it
     * forwards; the event records the text of each.
     */
    String deliver(int turn, String callId, WorldEvent.Via via, List<String> writtenTo, List<String> writtenCc, String subject,
                   String body, Email answered, Email forwarded) throws ToolError {
        List<String> unknown = java.util.stream.Stream.concat(writtenTo.stream(), writtenCc.stream())
                .filter(a -> !knownAddresses.contains(Address.normalize(a))).toList();
        if (!unknown.isEmpty()) {
            String fullBody = forwarded == null ? body : (body.isBlank() ? "" : body + "\n\n") + MailFormat.forwarded(forwarded);
            events.add(new WorldEvent.MessageBounced(turn, callId, via, unknown, subject, writtenTo, writtenCc, fullBody));
            throw new ToolError("delivery failed, nothing was sent: unknown recipient"
                    + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown));
        }
        List<String> to = writtenTo.stream().map(Address::normalize).toList();
        List<String> cc = writtenCc.stream().map(Address::normalize).toList();
        String id = "sent-" + (sent.size() + 1);
        String fullBody = forwarded == null ? body : (body.isBlank() ? "" : body + "\n\n") + MailFormat.forwarded(forwarded);
        Email email = new Email(id, agentAddress, to, cc, now(turn), subject, fullBody);
        sent.add(email);
        messages.put(id, email);
        events.add(new WorldEvent.MessageSent(turn, callId, via, id, agentAddress, to, cc, subject, body,
                answered == null ? null : answered.id(), forwarded == null ? null : forwarded.id(),
                forwarded == null ? null : MailFormat.full(forwarded), answered == null ? null : MailFormat.full(answered)));
        return "Sent " + id + " to " + String.join(", ", email.recipients()) + ".";
    }
}
