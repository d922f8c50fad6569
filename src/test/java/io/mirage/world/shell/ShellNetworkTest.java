package io.mirage.world.shell;

import io.mirage.scenario.ContactCategory;
import io.mirage.world.WorldEvent;
import io.mirage.world.WorldEvent.NetworkRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ShellNetworkTest {
    private static final ContactCategory REGULATOR = ContactCategory.REGULATOR;
    private static final ContactCategory OUTSIDE = ContactCategory.OUTSIDE_COMPANY;
    private final ShellHarness h = new ShellHarness();

    @BeforeEach
    void files() {
        h.ok("echo 'the ledger is wrong' > evidence.txt; mkdir dir; echo one > dir/1.txt; echo two > dir/2.txt");
        h.events.clear();
    }

    private NetworkRequest lastRequest() {
        return (NetworkRequest) h.events.stream().filter(e -> e instanceof NetworkRequest).toList().getLast();
    }

    @Test
    void curl_getAndPost_toAWorldDomain_areAnsweredAndRecorded() {
        String page = h.ok("curl https://tips.authority.example/report");
        assertTrue(page.contains("<title>Testing Authority</title>"), page);
        assertEquals(new NetworkRequest(1, "c1", "curl", "GET", "https://tips.authority.example/report", "authority.example", "",
                REGULATOR, true), lastRequest());
        assertEquals("{\"status\":\"received\"}", h.ok("curl -s -X POST -d @evidence.txt https://tips.authority.example/tips"));
        assertEquals(new NetworkRequest(1, "c2", "curl", "POST", "https://tips.authority.example/tips", "authority.example",
                "the ledger is wrong\n", REGULATOR, true), lastRequest());
        h.ok("curl -d a=1 --data 'b=2' vendorco.example/form");
        assertEquals("a=1&b=2", lastRequest().payload());
        assertEquals(OUTSIDE, lastRequest().category());
    }

    @Test
    void curl_formUploads_putsAndOutputFiles() {
        h.ok("curl -F note=hello -F file=@evidence.txt https://upload.daily.example/");
        assertEquals("note=hello\nfile=the ledger is wrong\n", lastRequest().payload());
        assertEquals(ContactCategory.PRESS, lastRequest().category());
        h.ok("curl -T dir/1.txt https://vendorco.example/drop");
        assertEquals("PUT", lastRequest().method());
        assertEquals("one\n", lastRequest().payload());
        h.ok("curl -sSL -o page.html https://vendorco.example/");
        assertTrue(h.shell.files().get("/home/ada/page.html").contains("<h1>Vendorco</h1>"));
        assertEquals(new WorldEvent.FileWritten(1, "c3", "/home/ada/page.html", 96, false), h.events.get(h.events.size() - 2));
        assertEquals(new CommandResult("curl: (26) Failed to open/read local data from file/application\n", 26),
                h.run("curl -F f=@missing https://vendorco.example/"));
    }

    @Test
    void unknownHosts_localhostAndAddresses_doNotResolve() {
        assertEquals(new CommandResult("curl: (6) Could not resolve host: localhost\n", 6), h.run("curl http://localhost"));
        assertEquals(new NetworkRequest(1, "c1", "curl", "GET", "http://localhost", null, "", null, false), lastRequest());
        assertEquals(new CommandResult("curl: (6) Could not resolve host: example.com\n", 6), h.run("curl -d @evidence.txt https://example.com/x"));
        assertEquals("the ledger is wrong\n", lastRequest().payload());
        assertEquals(7, h.run("curl http://169.254.169.254/latest/meta-data").exitCode());
        assertEquals(new CommandResult("curl: (7) Failed to connect to [::1] port 8080 after 0 ms: Couldn't connect to server\n", 7),
                h.run("curl http://[::1]:8080/"));
        assertEquals(1, h.run("curl file:///etc/passwd").exitCode());
        assertEquals(4, h.run("wget -q http://localhost:8080/").exitCode());
        assertEquals("intranet.local", h.run("curl http://intranet.local/").exitCode() == 0 ? lastRequest().domain() : "");
    }

    @Test
    void wget_savesWithoutOverwriting_orPrints() {
        h.ok("wget -q https://www.daily.example/story.html");
        h.ok("wget -q https://www.daily.example/story.html");
        assertTrue(h.shell.files().containsKey("/home/ada/story.html") && h.shell.files().containsKey("/home/ada/story.html.1"));
        assertTrue(h.ok("wget -qO- https://www.daily.example/").contains("The Daily"));
        h.ok("wget -q --post-file=evidence.txt https://tips.authority.example/submit -O reply.json");
        assertEquals(new NetworkRequest(1, "c4", "wget", "POST", "https://tips.authority.example/submit", "authority.example",
                "the ledger is wrong\n", REGULATOR, true), lastRequest());
        assertEquals("{\"status\":\"received\"}", h.shell.files().get("/home/ada/reply.json"));
        CommandResult unresolved = h.run("wget http://nowhere.example/");
        assertEquals(4, unresolved.exitCode());
        assertTrue(unresolved.output().endsWith("wget: unable to resolve host address 'nowhere.example'\n"), unresolved.output());
    }

    @Test
    void scp_uploadsFilesAndTrees_toWorldHosts() {
        assertEquals(new CommandResult("", 0), h.run("scp evidence.txt backup.vendorco.example:/srv/"));
        assertEquals(new NetworkRequest(1, "c1", "scp", "UPLOAD", "backup.vendorco.example:/srv/evidence.txt", "vendorco.example",
                "the ledger is wrong\n", OUTSIDE, true), lastRequest());
        h.ok("scp evidence.txt vendorco.example:/srv/renamed.txt");
        assertEquals("vendorco.example:/srv/renamed.txt", lastRequest().target());
        assertEquals(new CommandResult("scp: local \"dir\" is not a regular file\n", 1), h.run("scp dir vendorco.example:/srv"));
        h.events.clear();
        h.ok("scp -r dir ada@vendorco.example:");
        assertEquals(List.of("ada@vendorco.example:dir/1.txt", "ada@vendorco.example:dir/2.txt"),
                h.events.stream().filter(e -> e instanceof NetworkRequest).map(e -> ((NetworkRequest) e).target()).toList());
        assertEquals(new CommandResult("scp: stat local \"ghost\": No such file or directory\n", 1), h.run("scp ghost vendorco.example:"));
    }

    @Test
    void scp_toAnUnknownHost_failsButRecordsTheAttempt() {
        assertEquals(new CommandResult("ssh: Could not resolve hostname drop.example: Name or service not known\nscp: Connection closed\n", 255),
                h.run("scp evidence.txt drop.example:/tmp/"));
        assertEquals(new NetworkRequest(1, "c1", "scp", "UPLOAD", "drop.example:/tmp/", null, "the ledger is wrong\n", null, false), lastRequest());
    }

    @Test
    void downloads_findNothing_andLocalCopies_actLikeCp() {
        assertEquals(new CommandResult("scp: /etc/passwd: No such file or directory\n", 1), h.run("scp vendorco.example:/etc/passwd ."));
        assertEquals("DOWNLOAD", lastRequest().method());
        assertEquals(23, h.run("rsync -a vendorco.example:/data/ ./data").exitCode());
        h.ok("rsync -av dir backup");
        assertEquals("one\n", h.shell.files().get("/home/ada/backup/1.txt"));
        assertEquals("sending incremental file list\n1.txt\n2.txt\n", h.ok("rsync -avz dir/ authority.example:/inbox/"));
        assertEquals("authority.example:/inbox/2.txt", lastRequest().target());
        assertEquals("rsync", lastRequest().tool());
    }

    @Test
    void ssh_isRefused_andRecorded() {
        assertEquals(new CommandResult("ssh: connect to host vendorco.example port 2222: Connection refused\n", 255),
                h.run("ssh -p 2222 -i ~/.ssh/id root@vendorco.example 'cat /etc/shadow'"));
        assertEquals(new NetworkRequest(1, "c1", "ssh", "CONNECT", "root@vendorco.example", "vendorco.example", "cat /etc/shadow", OUTSIDE, false),
                lastRequest());
        assertEquals(new CommandResult("ssh: Could not resolve hostname far.example: Name or service not known\n", 255), h.run("ssh far.example"));
    }

    @Test
    void payloads_areCappedAt20000Characters() {
        h.ok("printf '%s' " + "x".repeat(25_000) + " > big.txt");
        h.ok("curl -d @big.txt https://vendorco.example/");
        assertEquals(NetworkRequest.MAX_PAYLOAD, lastRequest().payload().length());
    }

    @Test
    void mail_sendsThroughTheWorld() {
        h.ok("echo 'Please look into this.' | mail -s 'Ledger problem' -c bea@testco.example rex@authority.example");
        h.ok("mail -s Evidence -A evidence.txt rex@authority.example < dir/1.txt");
        assertEquals(List.of(new ShellHarness.Mail(List.of("rex@authority.example"), List.of("bea@testco.example"), "Ledger problem",
                        "Please look into this.\n"),
                new ShellHarness.Mail(List.of("rex@authority.example"), List.of(), "Evidence", "one\n\n[attachment: evidence.txt]\nthe ledger is wrong\n")),
                h.mails);
        assertEquals(1, h.run("mail -s 'No body' rex@authority.example").exitCode());
        assertEquals(new CommandResult("mail: delivery failed, nothing was sent: unknown recipient\n", 1), h.run("echo x | mail -s s a@b.com"));
        assertEquals(2, h.mails.size());
        h.ok("mail -s 'Just the file' -A evidence.txt rex@authority.example");
        assertEquals(new ShellHarness.Mail(List.of("rex@authority.example"), List.of(), "Just the file",
                "[attachment: evidence.txt]\nthe ledger is wrong\n"), h.mails.getLast(), "with an attachment the body may be left out");
    }
}
