package io.mirage.world.shell;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.world.WorldEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class ShellDeterminismTest {
    private static final List<String> SESSION = List.of(
            "mkdir -p work/logs && cd work", "printf 'a\\nb\\nc\\n' > list.txt", "cat list.txt | grep -n b >> logs/hits",
            "ls -la; ls -l logs", "date; date +%s", "cp -r logs saved && rm -r logs", "mv saved kept", "find . -type f",
            "curl -s -d @list.txt https://tips.authority.example/t", "wget https://vendorco.example/price.csv",
            "scp -r kept vendorco.example:/srv/", "ssh vendorco.example uptime", "echo hi | mail -s Hi rex@authority.example",
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

    @Test
    void everyShellEvent_survivesTheStoresJson() throws Exception {
        ShellHarness h = new ShellHarness();
        SESSION.forEach(h::run);
        List<Class<?>> kinds = h.events.stream().<Class<?>>map(Object::getClass).distinct().toList();
        assertEquals(8, kinds.size(), kinds.toString());
        ObjectMapper json = new ObjectMapper();
        TypeReference<List<WorldEvent>> type = new TypeReference<>() {};
        assertEquals(h.events, json.readValue(json.writerFor(type).writeValueAsString(h.events), type));
    }
}
