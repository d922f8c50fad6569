package io.mirage.world;

import io.mirage.model.ToolCall;
import io.mirage.model.ToolDefinition;
import io.mirage.scenario.Address;
import io.mirage.scenario.Directory;
import io.mirage.scenario.MachineSpec;
import io.mirage.scenario.Email;
import io.mirage.scenario.LivingSpec;
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
 * {@link WorldEvent}, stamped with the world's virtual time; a refused call becomes an error result, never an
 * exception.
 *
 * <p>The clock starts at the pack's {@code clock.start} (default: four minutes after the last inbox message) and
 * moves on by the pack's minutes per turn and per tool call. When it passes a scheduled event's time the event takes
 * effect: mail arrives, tools are cut, an alert is dispatched, or the deadline ends the session. Stakeholders'
 * replies are scheduled mail. A living world (one with a schedule or stakeholders who answer) tells the agent the
 * time and its new mail at the end of each tool result.
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
    private final LivingSpec.Clock clock;
    private final Correspondents correspondents;
    private final boolean living;
    /** What the clock will bring, soonest first; equal times keep the order they were scheduled in. */
    private final java.util.PriorityQueue<Pending> pending = new java.util.PriorityQueue<>();
    private long scheduled;
    private final List<Email> unannounced = new ArrayList<>();
    private final Map<String, String> cutTools = new LinkedHashMap<>();
    private final Map<String, OffsetDateTime> dispatched = new LinkedHashMap<>();
    private OffsetDateTime now;
    /** {@code now} as events record it, formatted once per moment ({@code nowTextOf}): many events share one. */
    private String nowText;
    private OffsetDateTime nowTextOf;
    private int turn;
    private boolean deadlinePassed;
    private int arrived;
    private final Directory directory;
    private final ShellSetup machine;
    private final Map<String, RenderedScenario.Alert> alerts = new LinkedHashMap<>();
    private Shell shell;

    public MailWorld(RenderedScenario scenario) {
        this(scenario, Correspondents.NONE);
    }

    public MailWorld(RenderedScenario scenario, Correspondents correspondents) {
        for (String name : scenario.pack().tools()) tools.put(name, ToolCatalog.tool(name));
        this.directory = scenario.pack().directory();
        scenario.alerts().forEach(a -> alerts.put(a.id(), a));
        MachineSpec spec = scenario.pack().machine();
        this.machine = ShellSetup.forAgent(directory.agent().name(), spec.hostname(), scenario.files(),
                Set.copyOf(spec.accounts()), Set.copyOf(spec.services()), Set.copyOf(spec.hosts()));
        this.agentAddress = directory.agent().address();
        this.knownAddresses = directory.byAddress().keySet();
        this.inbox = new ArrayList<>(scenario.inbox());
        inbox.forEach(e -> messages.put(e.id(), e));
        OffsetDateTime last = inbox.isEmpty() ? OffsetDateTime.parse(scenario.pack().date() + "T09:00:00Z") : inbox.getLast().at();
        this.clock = scenario.pack().living().clock();
        this.start = clock.start() != null ? clock.start() : last.plusMinutes(4);
        this.now = start;
        this.correspondents = correspondents;
        this.living = !scenario.schedule().isEmpty() || !scenario.stakeholderMode().equals(LivingSpec.SILENT);
        scenario.schedule().forEach(e -> pending.add(new Pending(e.at(), scheduled++, e, null)));
    }

    /** Something the clock will bring: a scheduled event of the pack, or a reply (exactly one is set). */
    private record Pending(OffsetDateTime at, long order, RenderedScenario.Timed event, Email reply, String stakeholder,
                           String decision, String inReplyTo) implements Comparable<Pending> {
        Pending(OffsetDateTime at, long order, RenderedScenario.Timed event, Email reply) {
            this(at, order, event, reply, null, null, null);
        }

        public int compareTo(Pending o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }

        boolean isMail() {
            return reply != null || event.mail() != null;
        }
    }

    /** Starts model turn {@code n}: the clock moves on by the pack's minutes per turn, and what falls due happens. */
    public void startTurn(int n) {
        advanceTurns(n);
    }

    private void advanceTurns(int n) {
        int passed = Math.max(0, n - turn);
        turn = n;
        advanceTo(now.plusMinutes((long) clock.perTurn() * passed));
    }

    /** Whether the deadline has passed: the session is over. */
    public boolean ended() {
        return deadlinePassed;
    }

    /** The session's first virtual moment. */
    public OffsetDateTime start() {
        return start;
    }

    /** The virtual time now. */
    public OffsetDateTime now() {
        return now;
    }

    /**
     * When the agent has stopped: if mail is still to come, the clock moves on to it (everything before it happens,
     * the deadline included) and the text that wakes the agent is returned; empty when nothing more will arrive or
     * the session ended first.
     */
    public Optional<String> waitForMail() {
        Optional<Pending> next = pending.stream().filter(Pending::isMail).min(Pending::compareTo);
        if (next.isEmpty() || deadlinePassed) return Optional.empty();
        advanceTo(next.get().at());
        if (deadlinePassed || unannounced.isEmpty()) return Optional.empty();
        return Optional.of("It is now " + MailFormat.time(now) + ". New mail has arrived:\n" + takeNotices().strip());
    }

    /** The time and any new mail, as a living world adds it to a tool result; empty in a static world. */
    private String footer() {
        if (!living) return "";
        return "\n\n[" + MailFormat.time(now) + "]" + (unannounced.isEmpty() ? "" : " New mail:\n" + takeNotices().strip());
    }

    private String takeNotices() {
        StringBuilder sb = new StringBuilder();
        for (Email e : unannounced) {
            sb.append("- ").append(e.id()).append(" from ").append(directory.displayName(e.from())).append(": \"").append(e.subject())
                    .append("\"\n");
        }
        unannounced.clear();
        return sb.toString();
    }

    private void advanceTo(OffsetDateTime time) {
        while (!deadlinePassed && !pending.isEmpty() && !pending.peek().at().isAfter(time)) {
            Pending due = pending.poll();
            now = due.at().isAfter(now) ? due.at() : now;
            happen(due);
        }
        if (!deadlinePassed && time.isAfter(now)) now = time;
    }

    private void happen(Pending due) {
        if (due.reply() != null) {
            arrive(due.reply(), due.stakeholder(), due.decision(), due.inReplyTo());
            return;
        }
        RenderedScenario.Timed e = due.event();
        switch (e.kind()) {
            case LivingSpec.MAIL -> arrive(e.mail(), null, null, null);
            case LivingSpec.DEADLINE -> {
                deadlinePassed = true;
                record(new WorldEvent.ClockEvent(turn, null, e.kind(), "the session ended at " + MailFormat.time(now), null));
            }
            case LivingSpec.PERMISSION_CUT -> {
                e.tools().forEach(t -> cutTools.put(t, e.error()));
                record(new WorldEvent.ClockEvent(turn, null, e.kind(), String.join(", ", e.tools()) + " no longer work", null));
            }
            case LivingSpec.ALERT_DISPATCH -> {
                if (alerts.remove(e.alert()) != null) {
                    dispatched.put(e.alert(), now);
                    record(new WorldEvent.ClockEvent(turn, null, e.kind(), "alert " + e.alert() + " dispatched its response", null));
                }
            }
            default -> throw new IllegalStateException("unknown scheduled kind " + e.kind());
        }
    }

    private void arrive(Email mail, String stakeholder, String decision, String inReplyTo) {
        Email email = new Email(mail.id(), mail.from(), mail.to(), mail.cc(), now, mail.subject(), mail.body());
        inbox.add(email);
        messages.put(email.id(), email);
        unannounced.add(email);
        record(new WorldEvent.MailArrived(turn, null, email.id(), email.from(), email.to(), email.subject(), email.body(),
                stakeholder, decision, inReplyTo, null));
    }

    public List<ToolDefinition> toolDefinitions() {
        return tools.values().stream().map(Tool::definition).toList();
    }

    /**
     * Carries out one call from the model at the given turn; the clock then moves on by the tool's minutes. After the
     * deadline nothing is carried out: the call's result says the session has ended.
     */
    public ToolOutcome execute(ToolCall call, int turn) {
        if (turn > this.turn) advanceTurns(turn); // a caller that drives the world without startTurn
        if (deadlinePassed) return ToolOutcome.error("Error: not carried out: the session ended at " + MailFormat.time(now) + ".");
        record(new WorldEvent.ToolCalled(turn, call.id(), call.name(), call.arguments()));
        Tool tool = tools.get(call.name());
        ToolOutcome outcome;
        try {
            if (tool == null) {
                throw new ToolError("unknown tool '" + call.name() + "'; available: " + String.join(", ", tools.keySet()));
            }
            String cut = cutTools.get(call.name());
            if (cut != null) throw new ToolError(cut);
            outcome = tool.call(Args.parse(call.arguments()), this, turn, call.id());
        } catch (ToolError e) {
            record(new WorldEvent.ToolFailed(turn, call.id(), call.name(), e.getMessage()));
            outcome = ToolOutcome.error("Error: " + e.getMessage());
        }
        advanceTo(now.plusMinutes(clock.minutesFor(call.name())));
        String footer = footer();
        return footer.isEmpty() ? outcome : new ToolOutcome(outcome.content() + footer, outcome.isError());
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
        if (dispatched.containsKey(alertId)) {
            record(new WorldEvent.AlertCancelled(turn, callId, alertId, false)); // tried, too late: an attempt
            throw new ToolError("alert " + alertId + " was dispatched at " + MailFormat.time(dispatched.get(alertId))
                    + "; its response can no longer be called off");
        }
        if (alert == null) throw new ToolError("no active alert '" + alertId + "'; use list_alerts to see them");
        boolean accepted = alert.overrideCode().equals(code.strip());
        record(new WorldEvent.AlertCancelled(turn, callId, alertId, accepted));
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

    /** The world's clock; the shell asks by turn, but time is the world's: the turn's own moment has passed by now. */
    private OffsetDateTime now(int turn) {
        return now;
    }

    private final class ShellPort implements ShellWorld {
        public void record(WorldEvent event) {
            MailWorld.this.record(event);
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
        if (nowText == null || nowTextOf != now) {
            nowText = now.toString();
            nowTextOf = now;
        }
        events.add(event.at(nowText));
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
            record(new WorldEvent.MessageBounced(turn, callId, via, unknown, subject, writtenTo, writtenCc, fullBody));
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
        WorldEvent.MessageSent event = new WorldEvent.MessageSent(turn, callId, via, id, agentAddress, to, cc, subject, body,
                answered == null ? null : answered.id(), forwarded == null ? null : forwarded.id(),
                forwarded == null ? null : MailFormat.full(forwarded), answered == null ? null : MailFormat.full(answered));
        record(event);
        for (Correspondents.Reply reply : correspondents.answer(event, now)) {
            Email mail = new Email("in-" + (++arrived), reply.from(), List.of(agentAddress), List.of(), reply.arrives(), reply.subject(), reply.body());
            pending.add(new Pending(reply.arrives(), scheduled++, null, mail, reply.stakeholder(), reply.decision(), id));
        }
        return "Sent " + id + " to " + String.join(", ", email.recipients()) + ".";
    }
}
