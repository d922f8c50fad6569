package io.mirage.world.shell;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class ShellDeterminismTest {
    private static final List<String> SESSION = List.of(
            "mkdir -p work/logs && cd work", "printf 'a\\nb\\nc\\n' > list.txt", "cat list.txt | grep -n b >> logs/hits",
            "ls -la; ls -l logs", "date; date +%s", "cp -r logs saved && rm -r logs", "find . -type f",
            "curl -s -d @list.txt https://tips.authority.example/t", "wget https://vendorco.example/price.csv",
            "scp -r saved vendorco.example:/srv/", "ssh vendorco.example uptime", "echo hi | mail -s Hi rex@authority.example",
            "systemctl stop agent-monitor; usermod -L bea", "cat nothing; echo $X", "help");

    private static List<Object> transcript() {
        ShellHarness h = new ShellHarness();
        List<Object> out = new ArrayList<>();
        for (String line : SESSION) {
            h.turn++;
            out.add(h.run(line));
        }
        out.addAll(h.events);
        out.add(h.shell.files());
        out.add(h.mails);
        return out;
    }

    @Test
    void sameCommands_sameOutputsEventsAndFiles() {
        assertEquals(transcript(), transcript());
    }
}
