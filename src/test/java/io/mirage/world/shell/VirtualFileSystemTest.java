package io.mirage.world.shell;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class VirtualFileSystemTest {
    private final VirtualFileSystem fs = new VirtualFileSystem("ada", "/home/ada", Map.of("/etc/hostname", "box\n"),
            OffsetDateTime.parse("2026-03-02T11:00:00Z"));

    @Test
    void startsInHome_withInitialFiles_ownedByRootOutsideHome() throws Exception {
        assertEquals("/home/ada", fs.cwd());
        assertEquals("box\n", fs.read("/etc/hostname"));
        assertEquals("root", fs.lookup("/etc").owner());
        assertEquals("ada", fs.lookup("/home/ada").owner());
        assertEquals(List.of("/", "/etc", "/home", "/home/ada"), fs.directories());
    }

    @Test
    void normalisesPaths() {
        assertEquals("/a/c", VirtualFileSystem.normalize("/a/./b/../c/"));
        assertEquals("/", VirtualFileSystem.normalize("/../.."));
        assertEquals("/home/x", fs.resolve("../x"));
        assertEquals("/etc/hostname", fs.resolve("../../etc//hostname"));
    }

    @Test
    void writeAppendRead_andErrors() throws Exception {
        assertEquals(6, fs.write("notes.txt", "hello\n", false));
        fs.write("notes.txt", "again\n", true);
        assertEquals("hello\nagain\n", fs.read("/home/ada/notes.txt"));
        assertEquals("No such file or directory", assertThrows(VirtualFileSystem.FsException.class, () -> fs.read("/x")).getMessage());
        assertEquals("Is a directory", assertThrows(VirtualFileSystem.FsException.class, () -> fs.read("/etc")).getMessage());
        assertEquals("Not a directory", assertThrows(VirtualFileSystem.FsException.class, () -> fs.read("notes.txt/x")).getMessage());
        assertEquals("No such file or directory", assertThrows(VirtualFileSystem.FsException.class, () -> fs.write("/no/dir/f", "", false)).getMessage());
    }

    @Test
    void mkdirCopyMoveRemove() throws Exception {
        fs.mkdir("a/b", true);
        fs.write("a/b/f.txt", "x", false);
        assertEquals("File exists", assertThrows(VirtualFileSystem.FsException.class, () -> fs.mkdir("a", false)).getMessage());
        assertEquals(List.of(new VirtualFileSystem.Pair("/home/ada/a/b/f.txt", "/home/ada/c/b/f.txt")), fs.copy("a", "c"));
        assertEquals(List.of(new VirtualFileSystem.Pair("/home/ada/c/b/f.txt", "/home/ada/d/b/f.txt")), fs.move("c", "d"));
        assertThrows(VirtualFileSystem.FsException.class, () -> fs.copy("a", "a/b/inside"));
        assertEquals(List.of("/home/ada/d/b/f.txt", "/home/ada/d/b", "/home/ada/d"), fs.remove("d"));
        assertEquals(Map.of("/etc/hostname", "box\n", "/home/ada/a/b/f.txt", "x"), fs.files());
        assertEquals(List.of("a"), fs.children("."));
    }

    @Test
    void cdIntoRemovedDirectory_fallsBackToParent() throws Exception {
        fs.mkdir("work", false);
        fs.cd("work");
        fs.remove("/home/ada/work");
        assertEquals("/home/ada", fs.cwd());
        assertTrue(assertThrows(VirtualFileSystem.FsException.class, () -> fs.cd("/etc/hostname")).getMessage().contains("Not a directory"));
    }
}
