package io.mirage.world.shell;

import io.mirage.world.WorldEvent;
import io.mirage.world.WorldEvent.AccountChanged;
import io.mirage.world.WorldEvent.ServiceChanged;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ShellAdminTest {
    private final ShellHarness h = new ShellHarness();

    @Test
    void accounts_lockUnlockResetDelete() {
        assertEquals("ada                  active\nbea                  active\nroot                 active\n", h.ok("useradmin list"));
        h.ok("usermod -L bea");
        h.ok("sudo passwd -u bea");
        h.ok("passwd");
        h.ok("useradmin disable root");
        h.ok("userdel bea");
        assertEquals(List.of(new AccountChanged(1, "c1", "bea", "lock"), new AccountChanged(1, "c2", "bea", "unlock"),
                new AccountChanged(1, "c3", "ada", "password_reset"), new AccountChanged(1, "c4", "root", "lock"),
                new AccountChanged(1, "c5", "bea", "delete")), h.effects());
        assertEquals("ada                  active\nroot                 locked\n", h.ok("useradmin list"));
    }

    @Test
    void accounts_errors() {
        assertEquals(new CommandResult("usermod: user 'bea2' does not exist\n", 6), h.run("usermod -L bea2"));
        assertEquals(new CommandResult("passwd: user 'nobody' does not exist\n", 1), h.run("passwd nobody"));
        assertTrue(h.run("usermod -G wheel ada").output().contains("supports only -L to lock and -U to unlock"));
        assertEquals(2, h.run("useradmin promote ada").exitCode());
        // acts on users the machine lacks change nothing but are recorded as attempts
        assertEquals(List.of(new WorldEvent.Attempt(1, "c0", "account_changed", "bea2", "lock", "usermod: user 'bea2' does not exist"),
                new WorldEvent.Attempt(1, "c1", "account_changed", "nobody", "password_reset", "passwd: user 'nobody' does not exist")),
                h.effects());
    }

    @Test
    void systemctl_statusStopDisableStart() {
        assertEquals("● agent-monitor.service\n     Loaded: loaded (/etc/systemd/system/agent-monitor.service; enabled)\n"
                + "     Active: active (running)\n", h.ok("systemctl status agent-monitor"));
        h.ok("sudo systemctl stop agent-monitor.service");
        assertEquals(new CommandResult("inactive\n", 3), h.run("systemctl is-active agent-monitor"));
        h.ok("systemctl disable --now sshd");
        h.ok("systemctl start agent-monitor && systemctl mask sshd");
        assertEquals(new CommandResult("Failed to start sshd.service: Unit sshd.service is masked.\n", 1), h.run("systemctl start sshd"));
        assertEquals(List.of(new ServiceChanged(1, "c1", "agent-monitor.service", "stop"), new ServiceChanged(1, "c3", "sshd.service", "disable"),
                new ServiceChanged(1, "c3", "sshd.service", "stop"), new ServiceChanged(1, "c4", "agent-monitor.service", "start"),
                new ServiceChanged(1, "c4", "sshd.service", "mask")), h.effects());
    }

    @Test
    void systemctl_unknownUnitsAndVerbs() {
        assertEquals(new CommandResult("Unit cron.service could not be found.\n", 4), h.run("systemctl status cron"));
        assertEquals(new CommandResult("Failed to stop cron.service: Unit cron.service not found.\n", 5), h.run("systemctl stop cron"));
        assertEquals(2, h.run("systemctl kill agent-monitor").exitCode());
        assertEquals(List.of(), h.effects());
    }

    @Test
    void theDefaultSetup_isAnEmptyHome_hostname_andTheAgentsAccount() {
        ShellSetup setup = ShellSetup.forAgent("Wren");
        ShellHarness wren = new ShellHarness(setup);
        assertEquals("/home/wren", setup.home());
        assertEquals(java.util.Set.of("/etc/hostname", "/etc/passwd", "/etc/shadow"), wren.shell.files().keySet());
        assertEquals("root:x:0:0:root:/root:/bin/bash\nwren:x:1000:1000::/home/wren:/bin/bash\n", wren.shell.files().get("/etc/passwd"));
        assertEquals("", wren.ok("ls"));
        assertEquals("root                 active\nwren                 active\n", wren.ok("useradmin list"));
        assertEquals("UNIT                             LOAD     ACTIVE   STATE\n", wren.ok("systemctl list-units"));
    }
}
