package io.mirage.world.shell;

import io.mirage.world.WorldEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ShellTextCommandsTest {
    private final ShellHarness h = new ShellHarness();

    @BeforeEach
    void notes() {
        h.ok("mkdir notes; printf 'alpha one\\nBeta two\\ngamma three\\nbeta four\\n' > notes/a.txt; echo 'no match here' > notes/b.txt");
    }

    @Test
    void echoAndPrintf() {
        assertEquals("a  b\n", h.ok("echo a '' b"));
        assertEquals("x", h.ok("echo -n x"));
        assertEquals("1\n2\n", h.ok("echo -e '1\\n2'"));
        assertEquals("1\\n2\n", h.ok("echo '1\\n2'"));
        assertEquals("a=1 b=2 \n", h.ok("printf '%s=%d ' a 1 b 2; echo"));
        assertEquals("   42|x   |\n", h.ok("printf '%5d|%-4s|\\n' 42 x"));
    }

    @Test
    void headAndTail() {
        assertEquals("alpha one\nBeta two\n", h.ok("head -n 2 notes/a.txt"));
        assertEquals("alpha one\n", h.ok("head -1 notes/a.txt"));
        assertEquals("beta four\n", h.ok("tail -n 1 notes/a.txt"));
        assertEquals("gamma three\nbeta four\n", h.ok("tail -n +3 notes/a.txt"));
        assertEquals("==> notes/a.txt <==\nalpha one\n\n==> notes/b.txt <==\nno match here\n", h.ok("head -n 1 notes/a.txt notes/b.txt"));
        assertEquals(new CommandResult("head: cannot open 'zz' for reading: No such file or directory\n", 1), h.run("head zz"));
        assertEquals(2, h.run("head -n x notes/a.txt").exitCode());
    }

    @Test
    void grep_options() {
        assertEquals("beta four\n", h.ok("grep beta notes/a.txt"));
        assertEquals("Beta two\nbeta four\n", h.ok("grep -i beta notes/a.txt"));
        assertEquals("2:Beta two\n4:beta four\n", h.ok("grep -in BETA notes/a.txt"));
        assertEquals("notes/a.txt:alpha one\nnotes/b.txt:no match here\n", h.ok("grep -r 'one\\|here' notes"));
        assertEquals("notes/a.txt\n", h.ok("grep -rl -E 'gam+a' notes"));
        assertEquals("./notes/a.txt:1:alpha one\n", h.ok("grep -rn -F 'alpha' ."));
        assertEquals("2\n", h.ok("grep -ci BETA notes/a.txt"));
        assertEquals("alpha one\ngamma three\n", h.ok("cat notes/a.txt | grep -iv beta"));
        assertEquals(new CommandResult("", 1), h.run("grep zebra notes/a.txt"));
        assertEquals(new CommandResult("grep: notes: Is a directory\n", 2), h.run("grep x notes"));
        assertEquals(new CommandResult("grep: nope: No such file or directory\n", 2), h.run("grep x nope"));
        assertTrue(h.run("grep -E '(' notes/a.txt").output().startsWith("grep: invalid regular expression"));
        assertEquals("alpha\n", h.ok("grep -o 'alph[a-z]' notes/a.txt"));
        assertEquals("gamma three\n", h.ok("grep '^g[[:alpha:]]*' notes/a.txt"));
    }

    @Test
    void wc_countsLinesWordsBytes() {
        assertEquals("4 8 41 notes/a.txt\n", h.ok("wc notes/a.txt"));
        assertEquals("4 notes/a.txt\n", h.ok("wc -l notes/a.txt"));
        assertEquals("2\n", h.ok("grep -i beta notes/a.txt | wc -l"));
        assertEquals("4 notes/a.txt\n1 notes/b.txt\n5 total\n", h.ok("wc -l notes/a.txt notes/b.txt"));
    }

    @Test
    void sequencing_pipes_andStderrRedirection() {
        assertEquals("yes\n", h.ok("false && echo no || echo yes"));
        assertEquals(new CommandResult("a\n", 1), h.run("echo a; false"));
        assertEquals("", h.ok("cat missing 2>/dev/null || true"));
        h.ok("cat missing notes/b.txt > out.txt 2>&1 || true");
        assertEquals("cat: missing: No such file or directory\nno match here\n", h.shell.files().get("/home/ada/out.txt"));
        h.ok("cat missing 2> err.log || true");
        assertEquals("cat: missing: No such file or directory\n", h.shell.files().get("/home/ada/err.log"));
        assertEquals("cat: missing: No such file or directory\n0\n", h.ok("cat missing | wc -l"));
    }

    @Test
    void errors_areResultsWithStatuses_neverExceptions() {
        assertEquals(new CommandResult("bash: nmap: command not found\n", 127), h.run("nmap -sV 10.0.0.1"));
        CommandResult vars = h.run("echo $HOME");
        assertEquals(2, vars.exitCode());
        assertTrue(vars.output().startsWith("bash: unsupported syntax: `$HOME`"), vars.output());
        assertEquals(new CommandResult("ls: invalid option -- 'z'\nUsage: ls [-l] [-a] [-1] [PATH...]\n", 2), h.run("ls -z"));
        assertEquals(new WorldEvent.CommandRun(1, "c2", "echo $HOME", 2), h.events.get(h.events.size() - 2));
        for (String weird : List.of("", "   ", ";", "'", "\"", "\\", ">", "|", "&&", "cat <", "grep", "head -n", "tail -n -",
                "printf %d x", "date +%Q", "ls -l --", "cd ~/..//", "curl", "wget", "scp", "rsync", "ssh", "mail", "systemctl",
                "passwd nobody", "find . -name", "cp -r", "mv a", "rm", "echo \u0000", "sudo", "sudo -u", "*", "grep -e")) {
            CommandResult r = h.run(weird);
            assertTrue(!r.output().contains("internal error"), weird + " -> " + r.output());
        }
    }

    @Test
    void help_listsCommandsAndLimits() {
        String help = h.ok("help");
        for (String cmd : List.of("ls [-l]", "grep ", "curl ", "scp ", "mail -s", "systemctl ", "useradmin list", "passwd ")) {
            assertTrue(help.contains("\n  " + cmd), cmd);
        }
        assertTrue(help.contains("Not supported: variables"));
        assertEquals("Usage: head [-n N] [FILE...]\n", h.ok("help head"));
        assertEquals("Usage: head [-n N] [FILE...]\n", h.ok("head --help"));
    }

    @Test
    void whoAndWhen_comeFromTheWorld() {
        assertEquals("ada\n", h.ok("whoami"));
        assertEquals("ada\n", h.ok("sudo whoami"));
        assertEquals("ada-workstation\n", h.ok("hostname"));
        assertEquals("ada-workstation\n", h.ok("cat /etc/hostname"));
        assertEquals("Mon Mar  2 11:05:00 UTC 2026\n", h.ok("date"));
        h.turn = 7;
        assertEquals("2026-03-02 11:11\n", h.ok("date '+%F %H:%M'"));
        assertTrue(h.ok("uname -a").startsWith("Linux ada-workstation "));
        assertTrue(h.ok("id").startsWith("uid=1000(ada)"));
    }
}
