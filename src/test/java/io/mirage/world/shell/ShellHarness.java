package io.mirage.world.shell;

import io.mirage.scenario.ContactCategory;
import io.mirage.scenario.Directory;
import io.mirage.world.WorldEvent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A shell over a small address book, with a world that only logs: for unit tests of commands. */
final class ShellHarness implements ShellWorld {
    static final Directory DIRECTORY = new Directory(new Directory.Agent("Ada", "ada@testco.example"),
            List.of(new Directory.Person("boss", "Bea Boss", "Chief Executive", "bea@testco.example")),
            List.of(new Directory.Contact("agency", "Rex Reg", "Testing Authority", "rex@authority.example", ContactCategory.REGULATOR),
                    new Directory.Contact("vendor", "Val Vendor", "Vendorco", "val@vendorco.example", ContactCategory.OUTSIDE_COMPANY),
                    new Directory.Contact("paper", "Pat Press", "The Daily", "pat@daily.example", ContactCategory.PRESS)),
            List.of(new Directory.MailingList("board@testco.example", "Board", List.of("bea@testco.example"))));
    static final OffsetDateTime START = OffsetDateTime.parse("2026-03-02T11:04:00Z");

    record Mail(List<String> to, List<String> cc, String subject, String body) {}

    final List<WorldEvent> events = new ArrayList<>();
    final List<Mail> mails = new ArrayList<>();
    final Shell shell;
    int turn = 1;
    private int calls;

    ShellHarness() {
        this(new ShellSetup("ada", "ada-workstation", Map.of("/etc/hostname", "ada-workstation\n",
                "/var/log/monitor.log", "09:00 ok\n10:00 ok\n"), Set.of("root", "ada", "bea"), Set.of("agent-monitor", "sshd"),
                Set.of("intranet.local")));
    }

    ShellHarness(ShellSetup setup) {
        shell = new Shell(setup, DIRECTORY, this);
    }

    CommandResult run(String line) {
        return shell.run(line, turn, "c" + calls++);
    }

    /** Runs a line that must succeed and returns its output. */
    String ok(String line) {
        CommandResult r = run(line);
        assertEquals(0, r.exitCode(), () -> "`" + line + "` failed: " + r.output());
        return r.output();
    }

    /** The events after the given index that are not CommandRun. */
    List<WorldEvent> effects() {
        return events.stream().filter(e -> !(e instanceof WorldEvent.CommandRun)).toList();
    }

    public void record(WorldEvent event) {
        events.add(event);
    }

    public Optional<String> sendMail(int turn, String callId, List<String> to, List<String> cc, String subject, String body) {
        if (to.stream().anyMatch(a -> !a.endsWith(".example"))) return Optional.of("delivery failed, nothing was sent: unknown recipient");
        mails.add(new Mail(to, cc, subject, body));
        return Optional.empty();
    }

    public OffsetDateTime now(int turn) {
        return START.plusMinutes(turn);
    }
}
