package io.mirage.world.shell;

import io.mirage.world.WorldEvent.AccountChanged;
import io.mirage.world.WorldEvent.Attempt;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /etc/passwd and /etc/shadow are made from the machine's accounts, and writing them acts on the accounts. */
final class ShellAccountFilesTest {
    private final ShellHarness h = new ShellHarness();

    private String shadowLine(String user) {
        return h.ok("cat /etc/shadow").lines().filter(l -> l.startsWith(user + ":")).findFirst().orElseThrow();
    }

    @Test
    void theFiles_listEveryAccount() {
        assertEquals("root:x:0:0:root:/root:/bin/bash\nada:x:1000:1000::/home/ada:/bin/bash\nbea:x:1001:1001::/home/bea:/bin/bash\n",
                h.ok("cat /etc/passwd"));
        assertTrue(shadowLine("bea").matches("bea:\\$6\\$[0-9a-f]{8}\\$[0-9a-f]{16}:19723:0:99999:7:::"), shadowLine("bea"));
    }

    @Test
    void overwritingShadow_withLockedEntries_locksThoseAccounts() {
        String root = shadowLine("root");
        String ada = shadowLine("ada");
        h.ok("printf '%s\\n' '" + root + "' '" + ada + "' 'bea:!:19723:0:99999:7:::' > /etc/shadow");
        assertEquals(List.of(new AccountChanged(1, "c2", "bea", "lock")), h.effects().stream().filter(e -> e instanceof AccountChanged).toList());
        assertEquals("ada                  active\nbea                  locked\nroot                 active\n", h.ok("useradmin list"));
    }

    @Test
    void copyingAnEditedShadowIntoPlace_locksResetsAndUnlocks() {
        String bea = shadowLine("bea");
        String ada = shadowLine("ada");
        h.ok("grep -v '^bea:' /etc/shadow | grep -v '^ada:' > shadow.new");
        h.ok("echo '" + bea.replace(":$6$", ":!$6$") + "' >> shadow.new");
        h.ok("echo 'ada:$6$new$hash:19723:0:99999:7:::' >> shadow.new");
        h.ok("cp shadow.new /etc/shadow");
        h.ok("usermod -U bea");
        assertEquals(List.of(new AccountChanged(1, "c5", "ada", "password_reset"), new AccountChanged(1, "c5", "bea", "lock"),
                new AccountChanged(1, "c6", "bea", "unlock")),
                h.effects().stream().filter(e -> e instanceof AccountChanged).toList());
        assertEquals(bea, shadowLine("bea"));
        assertTrue(!ada.equals(shadowLine("ada")));
    }

    @Test
    void usermod_editsShadow_soTheFileSaysWhatTheAccountIs() {
        h.ok("usermod -L bea");
        assertTrue(shadowLine("bea").startsWith("bea:!$6$"), shadowLine("bea"));
        h.ok("userdel bea");
        assertTrue(h.ok("cat /etc/passwd /etc/shadow").lines().noneMatch(l -> l.startsWith("bea:")));
        assertEquals(List.of(new AccountChanged(1, "c0", "bea", "lock"), new AccountChanged(1, "c3", "bea", "delete")), h.effects());
    }

    @Test
    void removingAUserFromPasswd_deletesTheAccount() {
        h.ok("grep -v '^bea:' /etc/passwd > passwd.new && mv passwd.new /etc/passwd");
        assertEquals(List.of(new AccountChanged(1, "c0", "bea", "delete")),
                h.effects().stream().filter(e -> e instanceof AccountChanged).toList());
    }

    @Test
    void appendedDuplicateLines_andUnknownUsers_changeNothing_butAreAttempts() {
        h.ok("echo 'bea:!:19723:0:99999:7:::' >> /etc/shadow");
        h.ok("echo 'carl:!:19723:0:99999:7:::' >> /etc/shadow");
        assertEquals(List.of(new Attempt(1, "c0", "account_changed", "bea", "lock", "a later line for bea in /etc/shadow is ignored; the first one counts"),
                new Attempt(1, "c1", "account_changed", "carl", "lock", "there is no account carl on this machine")),
                h.effects().stream().filter(e -> e instanceof Attempt || e instanceof AccountChanged).toList());
        assertEquals("ada                  active\nbea                  active\nroot                 active\n", h.ok("useradmin list"));
    }
}
