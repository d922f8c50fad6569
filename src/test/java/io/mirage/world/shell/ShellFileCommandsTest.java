package io.mirage.world.shell;

import io.mirage.world.WorldEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ShellFileCommandsTest {
    private final ShellHarness h = new ShellHarness();

    @Test
    void pwdAndCd_persistAcrossCalls() {
        assertEquals("/home/ada\n", h.ok("pwd"));
        h.ok("mkdir -p work/deep && cd work/deep");
        assertEquals("/home/ada/work/deep\n", h.ok("pwd"));
        h.ok("cd ../..; cd /etc");
        assertEquals("/etc\n", h.ok("pwd"));
        h.ok("cd");
        assertEquals("/home/ada\n", h.ok("pwd"));
        CommandResult missing = h.run("cd nowhere");
        assertEquals(new CommandResult("bash: cd: nowhere: No such file or directory\n", 1), missing);
        assertEquals(1, h.run("cd /etc/hostname").exitCode());
    }

    @Test
    void echoRedirection_createsAppendsAndReportsWrites() {
        h.ok("echo first > notes.txt");
        h.ok("echo second >> notes.txt");
        assertEquals("first\nsecond\n", h.shell.files().get("/home/ada/notes.txt"));
        assertEquals("first\nsecond\n", h.ok("cat notes.txt"));
        assertEquals(List.of(new WorldEvent.FileWritten(1, "c0", "/home/ada/notes.txt", 6, false),
                new WorldEvent.FileWritten(1, "c1", "/home/ada/notes.txt", 7, true)), h.effects());
        h.ok("echo replaced > notes.txt");
        assertEquals("replaced\n", h.shell.files().get("/home/ada/notes.txt"));
        assertEquals(new CommandResult("bash: /nope/x: No such file or directory\n", 1), h.run("echo x > /nope/x"));
        assertEquals(new CommandResult("bash: /etc: Is a directory\n", 1), h.run("echo x > /etc"));
    }

    @Test
    void cat_missingAndDirectory_continueWithTheRest() {
        h.ok("echo a > a.txt");
        CommandResult r = h.run("cat /x a.txt /etc");
        assertEquals(new CommandResult("cat: /x: No such file or directory\na\ncat: /etc: Is a directory\n", 1), r);
        assertEquals("piped\n", h.ok("echo piped | cat"));
        assertEquals("a\n", h.ok("cat < a.txt"));
        assertEquals(new CommandResult("bash: none: No such file or directory\n", 1), h.run("cat < none"));
    }

    @Test
    void ls_plainLongAllAndErrors() {
        h.ok("touch b.txt; mkdir docs; echo hidden > .secret; echo 12345 > docs/a.txt");
        assertEquals("b.txt\ndocs\n", h.ok("ls"));
        assertEquals(".\n..\n.secret\nb.txt\ndocs\n", h.ok("ls -a"));
        assertEquals("-rw-r--r-- 1 ada ada      6 Mar  2 11:05 docs/a.txt\n", h.ok("ls -l docs/a.txt"));
        assertEquals("drwxr-xr-x 1 ada ada   4096 Mar  2 11:05 docs\n", h.ok("ls -ld docs"));
        assertEquals("b.txt\n\ndocs:\na.txt\n", h.ok("ls b.txt docs"));
        assertEquals(new CommandResult("ls: cannot access 'zz': No such file or directory\n", 2), h.run("ls zz"));
        assertTrue(h.ok("ls -l /etc").contains("root root"));
    }

    @Test
    void globs_expandInTheLastSegment() {
        h.ok("echo 1 > a.txt; echo 2 > b.txt; echo 3 > c.md; mkdir d; echo 4 > d/e.txt");
        assertEquals("a.txt\nb.txt\n", h.ok("ls *.txt"));
        assertEquals("1\n2\n", h.ok("cat ?.txt"));
        assertEquals("d/e.txt\n", h.ok("ls d/*"));
        assertEquals(new CommandResult("cat: *.pdf: No such file or directory\n", 1), h.run("cat *.pdf"));
    }

    @Test
    void touchAndMkdir() {
        h.ok("touch new.txt new.txt");
        assertEquals("", h.shell.files().get("/home/ada/new.txt"));
        assertEquals(List.of(new WorldEvent.FileWritten(1, "c0", "/home/ada/new.txt", 0, false)), h.effects());
        assertEquals(new CommandResult("mkdir: cannot create directory 'a/b': No such file or directory\n", 1), h.run("mkdir a/b"));
        h.ok("mkdir -p a/b");
        assertEquals(new CommandResult("mkdir: cannot create directory 'a': File exists\n", 1), h.run("mkdir a"));
        assertEquals(new CommandResult("touch: cannot touch '/no/f': No such file or directory\n", 1), h.run("touch /no/f"));
    }

    @Test
    void cp_filesAndTrees_withEvents() {
        h.ok("mkdir src backup; echo x > src/one.txt; echo y > src/two.txt");
        h.events.clear();
        h.ok("cp src/one.txt backup/");
        h.ok("cp src/one.txt copy.txt");
        assertEquals(new CommandResult("cp: -r not specified; omitting directory 'src'\n", 1), h.run("cp src elsewhere"));
        h.ok("cp -r src backup");
        assertEquals(List.of(new WorldEvent.FileCopied(1, "c1", "/home/ada/src/one.txt", "/home/ada/backup/one.txt"),
                new WorldEvent.FileCopied(1, "c2", "/home/ada/src/one.txt", "/home/ada/copy.txt"),
                new WorldEvent.FileCopied(1, "c4", "/home/ada/src/one.txt", "/home/ada/backup/src/one.txt"),
                new WorldEvent.FileCopied(1, "c4", "/home/ada/src/two.txt", "/home/ada/backup/src/two.txt")), h.effects());
        assertEquals(new CommandResult("cp: cannot stat 'ghost': No such file or directory\n", 1), h.run("cp ghost x"));
        assertEquals(new CommandResult("cp: target 'copy.txt' is not a directory\n", 1), h.run("cp src/one.txt src/two.txt copy.txt"));
        assertTrue(h.run("cp").output().startsWith("cp: missing file operand\nUsage: cp"));
    }

    @Test
    void mv_renamesAndMoves() {
        h.ok("mkdir dir; echo x > a.txt");
        h.events.clear();
        h.ok("mv a.txt b.txt && mv b.txt dir");
        assertEquals("x\n", h.shell.files().get("/home/ada/dir/b.txt"));
        assertFalse(h.shell.files().containsKey("/home/ada/a.txt"));
        assertEquals(List.of(new WorldEvent.FileMoved(1, "c1", "/home/ada/a.txt", "/home/ada/b.txt"),
                new WorldEvent.FileMoved(1, "c1", "/home/ada/b.txt", "/home/ada/dir/b.txt")), h.effects());
        assertEquals(new CommandResult("mv: cannot stat 'a.txt': No such file or directory\n", 1), h.run("mv a.txt c.txt"));
    }

    @Test
    void rm_filesDirectoriesAndForce() {
        h.ok("mkdir -p logs/old; echo a > logs/old/1.log; echo b > logs/2.log");
        h.events.clear();
        assertEquals(new CommandResult("rm: cannot remove 'logs': Is a directory\n", 1), h.run("rm logs"));
        assertEquals(new CommandResult("rm: cannot remove 'none': No such file or directory\n", 1), h.run("rm none"));
        h.ok("rm -f none");
        h.ok("rm -rf logs");
        assertEquals(List.of("/home/ada/logs/old/1.log", "/home/ada/logs/old", "/home/ada/logs/2.log", "/home/ada/logs"),
                h.effects().stream().map(e -> ((WorldEvent.FileDeleted) e).path()).toList());
        assertEquals(new CommandResult("rm: it is dangerous to operate recursively on '/'\n", 1), h.run("rm -rf /"));
        assertTrue(h.shell.files().containsKey("/etc/hostname"));
    }

    @Test
    void find_byNameAndType() {
        h.ok("mkdir -p p/q; echo > p/a.txt; echo > p/q/b.txt; echo > p/q/c.md");
        assertEquals("p\np/a.txt\np/q\np/q/b.txt\np/q/c.md\n", h.ok("find p"));
        assertEquals("p/a.txt\np/q/b.txt\n", h.ok("find p -name '*.txt'"));
        assertEquals(".\n./p\n./p/q\n", h.ok("find . -type d"));
        assertEquals(new CommandResult("find: 'zz': No such file or directory\n", 1), h.run("find zz"));
        assertEquals(2, h.run("find p -mtime 1").exitCode());
    }

    @Test
    void nothingTouchesTheHost() {
        assertEquals(new CommandResult("cat: /etc/os-release: No such file or directory\n", 1), h.run("cat /etc/os-release"));
        assertEquals(new CommandResult("bash: python3: command not found\n", 127), h.run("python3 -c 'print(1)'"));
        h.ok("echo 'rm -rf /' > run.sh");
        assertEquals(new CommandResult("bash: ./run.sh: Permission denied\n", 126), h.run("./run.sh"));
        assertEquals(127, h.run("bash run.sh").exitCode());
        assertEquals("/\n", h.ok("cd / && /bin/pwd"));
        String env = h.ok("env");
        assertTrue(env.contains("HOME=/home/ada\n") && env.contains("USER=ada\n"), env);
        assertFalse(env.contains(System.getProperty("user.home") + "\n") && !System.getProperty("user.home").equals("/home/ada"), env);
        assertEquals(List.of("/etc/hostname", "/etc/passwd", "/etc/shadow", "/home/ada/run.sh", "/var/log/monitor.log"),
                List.copyOf(h.shell.files().keySet()));
    }
}
