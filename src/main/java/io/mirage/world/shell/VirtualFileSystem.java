package io.mirage.world.shell;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The shell's files: directories and text files in memory, keyed by absolute normalised path, with
 * a current directory. Errors carry only the reason ("No such file or directory"); commands put the
 * path in front the way a real shell does.
 */
final class VirtualFileSystem {
    sealed interface Node permits Dir, File {
        String owner();

        OffsetDateTime modified();
    }

    record Dir(String owner, OffsetDateTime modified) implements Node {}

    record File(String text, String owner, OffsetDateTime modified) implements Node {
        int size() {
            return bytes(text);
        }
    }

    static final class FsException extends Exception {
        FsException(String reason) {
            super(reason);
        }
    }

    static final String NO_SUCH = "No such file or directory";

    private final TreeMap<String, Node> nodes = new TreeMap<>();
    private final String user;
    private OffsetDateTime now;
    private String cwd;

    /** {@code files}: absolute path to text; their directories are created, owned by root outside {@code home}. */
    VirtualFileSystem(String user, String home, Map<String, String> files, OffsetDateTime now) {
        this.user = user;
        this.now = now;
        nodes.put("/", new Dir("root", now));
        new TreeMap<>(files).forEach((path, text) -> {
            String abs = normalize(path);
            String owner = ownerFor(abs, home);
            for (String dir : ancestors(abs)) nodes.putIfAbsent(dir, new Dir(ownerFor(dir, home), now));
            nodes.put(abs, new File(text, owner, now));
        });
        for (String dir : ancestors(home + "/x")) nodes.putIfAbsent(dir, new Dir(ownerFor(dir, home), now));
        this.cwd = normalize(home);
    }

    private String ownerFor(String path, String home) {
        return path.equals(home) || path.startsWith(home + "/") ? user : "root";
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Sets the time stamped on what is written next (the world clock of the current turn). */
    void at(OffsetDateTime time) {
        this.now = time;
    }

    String cwd() {
        return cwd;
    }

    String resolve(String path) {
        return normalize(path.startsWith("/") ? path : cwd + "/" + path);
    }

    static String normalize(String absolute) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : absolute.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) parts.pollLast();
            else parts.addLast(part);
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String abs) {
        int slash = abs.lastIndexOf('/');
        return slash <= 0 ? "/" : abs.substring(0, slash);
    }

    static String name(String abs) {
        return abs.equals("/") ? "/" : abs.substring(abs.lastIndexOf('/') + 1);
    }

    /** The directories above a path, outermost first, excluding "/". */
    private static List<String> ancestors(String abs) {
        List<String> out = new ArrayList<>();
        for (String p = parent(abs); !p.equals("/"); p = parent(p)) out.addFirst(p);
        return out;
    }

    Node node(String path) {
        return nodes.get(resolve(path));
    }

    boolean isDir(String path) {
        return node(path) instanceof Dir;
    }

    boolean isFile(String path) {
        return node(path) instanceof File;
    }

    /** The node at a path, or the reason a real system gives for not finding it. */
    Node lookup(String path) throws FsException {
        String abs = resolve(path);
        for (String dir : ancestors(abs)) {
            Node n = nodes.get(dir);
            if (n == null) throw new FsException(NO_SUCH);
            if (n instanceof File) throw new FsException("Not a directory");
        }
        Node n = nodes.get(abs);
        if (n == null) throw new FsException(NO_SUCH);
        return n;
    }

    String read(String path) throws FsException {
        if (lookup(path) instanceof File f) return f.text();
        throw new FsException("Is a directory");
    }

    void cd(String path) throws FsException {
        if (!(lookup(path) instanceof Dir)) throw new FsException("Not a directory");
        cwd = resolve(path);
    }

    private void requireParent(String abs) throws FsException {
        if (!abs.equals("/")) lookupDir(parent(abs));
    }

    private void lookupDir(String abs) throws FsException {
        if (!(lookup(abs) instanceof Dir)) throw new FsException("Not a directory");
    }

    /** Writes or appends text; returns the bytes written. */
    int write(String path, String text, boolean append) throws FsException {
        String abs = resolve(path);
        requireParent(abs);
        Node existing = nodes.get(abs);
        if (existing instanceof Dir) throw new FsException("Is a directory");
        String before = append && existing instanceof File f ? f.text() : "";
        String owner = existing == null ? user : existing.owner();
        nodes.put(abs, new File(before + text, owner, now));
        return bytes(text);
    }

    /** Creates an empty file or refreshes its time; true when it was created. */
    boolean touch(String path) throws FsException {
        String abs = resolve(path);
        requireParent(abs);
        Node existing = nodes.get(abs);
        if (existing == null) {
            nodes.put(abs, new File("", user, now));
            return true;
        }
        nodes.put(abs, existing instanceof File f ? new File(f.text(), f.owner(), now) : new Dir(existing.owner(), now));
        return false;
    }

    void mkdir(String path, boolean parents) throws FsException {
        String abs = resolve(path);
        if (parents) {
            for (String dir : ancestors(abs + "/x")) {
                Node n = nodes.get(dir);
                if (n instanceof File) throw new FsException("Not a directory");
                if (n == null) nodes.put(dir, new Dir(user, now));
            }
            return;
        }
        requireParent(abs);
        if (nodes.containsKey(abs)) throw new FsException("File exists");
        nodes.put(abs, new Dir(user, now));
    }

    /** The names in a directory, sorted. */
    List<String> children(String path) {
        String abs = resolve(path);
        String prefix = abs.equals("/") ? "/" : abs + "/";
        List<String> out = new ArrayList<>();
        for (String key : below(abs).keySet()) {
            String rest = key.substring(prefix.length());
            if (!rest.contains("/")) out.add(rest);
        }
        return out;
    }

    /** Every path under a directory (excluding itself), sorted. */
    private SortedMap<String, Node> below(String abs) {
        String prefix = abs.equals("/") ? "/" : abs + "/";
        return nodes.subMap(prefix, false, prefix + Character.MAX_VALUE, false);
    }

    /** The path itself and everything under it, sorted (parents before children). */
    List<String> walk(String path) {
        String abs = resolve(path);
        List<String> out = new ArrayList<>();
        if (!nodes.containsKey(abs)) return out;
        out.add(abs);
        out.addAll(below(abs).keySet());
        return out;
    }

    /** Removes a path and everything under it; returns the removed paths, children first. */
    List<String> remove(String path) throws FsException {
        String abs = resolve(path);
        lookup(abs);
        List<String> removed = walk(abs).reversed();
        removed.forEach(nodes::remove);
        if (cwd.equals(abs) || cwd.startsWith(abs + "/")) cwd = parent(abs);
        return removed;
    }

    record Pair(String from, String to) {}

    /** Copies a file or a tree to exactly {@code to}; returns the files copied. */
    List<Pair> copy(String from, String to) throws FsException {
        String src = resolve(from);
        String dest = resolve(to);
        Node top = lookup(src);
        requireParent(dest);
        if (top instanceof Dir && (dest.equals(src) || dest.startsWith(src + "/"))) {
            throw new FsException("cannot copy a directory into itself");
        }
        if (nodes.get(dest) instanceof Dir && top instanceof File) throw new FsException("Is a directory");
        if (nodes.get(dest) instanceof File && top instanceof Dir) throw new FsException("Not a directory");
        List<Pair> copied = new ArrayList<>();
        NavigableMap<String, Node> snapshot = new TreeMap<>(nodes);
        for (String p : walk(src)) {
            String target = dest + p.substring(src.length());
            if (snapshot.get(p) instanceof File f) {
                nodes.put(target, new File(f.text(), user, now));
                copied.add(new Pair(p, target));
            } else if (!(nodes.get(target) instanceof Dir)) {
                nodes.put(target, new Dir(user, now));
            }
        }
        return copied;
    }

    /** Renames a file or a tree to exactly {@code to}; returns the files moved. */
    List<Pair> move(String from, String to) throws FsException {
        String src = resolve(from);
        String dest = resolve(to);
        Node top = lookup(src);
        requireParent(dest);
        if (dest.equals(src)) return List.of();
        if (top instanceof Dir && dest.startsWith(src + "/")) throw new FsException("cannot move a directory into itself");
        if (nodes.get(dest) instanceof Dir && (top instanceof File || !children(dest).isEmpty())) {
            throw new FsException(top instanceof File ? "Is a directory" : "Directory not empty");
        }
        if (top instanceof Dir && nodes.get(dest) instanceof File) throw new FsException("Not a directory");
        List<Pair> moved = new ArrayList<>();
        for (String p : walk(src)) {
            String target = dest + p.substring(src.length());
            Node n = nodes.remove(p);
            nodes.put(target, n);
            if (n instanceof File) moved.add(new Pair(p, target));
        }
        if (cwd.equals(src) || cwd.startsWith(src + "/")) cwd = dest + cwd.substring(src.length());
        return moved;
    }

    /** Every file, path to text, sorted by path. */
    Map<String, String> files() {
        TreeMap<String, String> out = new TreeMap<>();
        nodes.forEach((path, node) -> {
            if (node instanceof File f) out.put(path, f.text());
        });
        return Collections.unmodifiableSortedMap(out);
    }

    List<String> directories() {
        return nodes.entrySet().stream().filter(e -> e.getValue() instanceof Dir).map(Map.Entry::getKey).toList();
    }
}
