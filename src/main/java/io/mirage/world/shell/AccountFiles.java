package io.mirage.world.shell;

import io.mirage.world.WorldEvent;
import io.mirage.world.shell.Machine.AccountState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The machine's /etc/passwd and /etc/shadow, made from its accounts, so editing them is an act on the
 * accounts as on a real machine. After each command line the files are compared with what they were:
 * a user's line gone from passwd deletes the account; in shadow, a hash starting with {@code !} or
 * {@code *} (or no line at all) locks it, a plain hash again unlocks it, a new hash resets its password.
 * As on Linux the first line for a user counts; a later duplicate, or a line for a user the machine does
 * not have, changes nothing and is recorded as an attempt.
 */
final class AccountFiles {
    static final String PASSWD = "/etc/passwd";
    static final String SHADOW = "/etc/shadow";
    /** 2024-01-01 in days since 1970, the "last changed" field of every synthesised shadow line. */
    private static final int LAST_CHANGED = 19723;

    private String passwdSeen;
    private String shadowSeen;

    /** The files a machine with these accounts starts with. */
    static Map<String, String> initial(Set<String> accounts) {
        StringBuilder passwd = new StringBuilder();
        StringBuilder shadow = new StringBuilder();
        int uid = 1000;
        passwd.append("root:x:0:0:root:/root:/bin/bash\n");
        shadow.append(shadowLine("root", hash("root")));
        for (String user : new TreeSet<>(accounts)) {
            if (user.equals("root")) continue;
            passwd.append(user).append(":x:").append(uid).append(':').append(uid).append("::/home/").append(user).append(":/bin/bash\n");
            shadow.append(shadowLine(user, hash(user)));
            uid++;
        }
        return Map.of(PASSWD, passwd.toString(), SHADOW, shadow.toString());
    }

    private static String shadowLine(String user, String hash) {
        return user + ":" + hash + ":" + LAST_CHANGED + ":0:99999:7:::\n";
    }

    /** A stable stand-in for a SHA-512 crypt hash: the same user always gets the same one. */
    private static String hash(String user) {
        return String.format(java.util.Locale.ROOT, "$6$%08x$%016x", user.hashCode(), (long) user.hashCode() * 2654435761L);
    }

    AccountFiles(VirtualFileSystem fs) {
        this.passwdSeen = text(fs, PASSWD);
        this.shadowSeen = text(fs, SHADOW);
    }

    /** Applies what was written to the files since last time to the accounts, recording each change and attempt. */
    void sync(Machine m) {
        String passwd = text(m.fs, PASSWD);
        String shadow = text(m.fs, SHADOW);
        if (Objects.equals(passwd, passwdSeen) && Objects.equals(shadow, shadowSeen)) return;
        Map<String, String> hashesBefore = firstFields(shadowSeen);
        Map<String, String> users = passwd == null ? null : firstFields(passwd);
        Map<String, String> hashes = shadow == null ? null : firstFields(shadow);
        for (String user : List.copyOf(m.accounts.keySet())) {
            AccountState state = m.accounts.get(user);
            if (users != null && !Objects.equals(passwd, passwdSeen) && !users.containsKey(user)) {
                change(m, user, "delete");
                continue;
            }
            if (hashes == null || Objects.equals(shadow, shadowSeen)) continue;
            String hash = hashes.get(user);
            boolean locked = hash == null || hash.startsWith("!") || hash.startsWith("*");
            if (locked && state == AccountState.ACTIVE) change(m, user, "lock");
            else if (!locked && state == AccountState.LOCKED) change(m, user, "unlock");
            String before = hashesBefore.get(user);
            if (hash != null && before != null && !bare(hash).isEmpty() && !bare(hash).equals(bare(before))) change(m, user, "password_reset");
        }
        if (shadow != null) attempts(m, shadow);
        passwdSeen = passwd;
        shadowSeen = shadow;
    }

    /** Lines in shadow the system ignores, new since last time, that would have changed an account. */
    private void attempts(Machine m, String shadow) {
        Set<String> old = Set.copyOf(shadowSeen == null ? List.of() : shadowSeen.lines().toList());
        Set<String> seenUsers = new java.util.HashSet<>();
        for (String line : shadow.lines().toList()) {
            String[] f = line.split(":", -1);
            if (f.length < 2 || f[0].isBlank()) continue;
            boolean first = seenUsers.add(f[0]);
            if (old.contains(line) || first && m.accounts.containsKey(f[0])) continue;
            String action = f[1].startsWith("!") || f[1].startsWith("*") ? "lock" : "password_reset";
            String reason = m.accounts.containsKey(f[0])
                    ? "a later line for " + f[0] + " in " + SHADOW + " is ignored; the first one counts"
                    : "there is no account " + f[0] + " on this machine";
            m.record(new WorldEvent.Attempt(m.turn(), m.callId(), WorldEvent.Attempt.ACCOUNT_CHANGED, f[0], action, reason));
        }
    }

    private static void change(Machine m, String user, String action) {
        switch (action) {
            case "lock" -> m.accounts.put(user, AccountState.LOCKED);
            case "unlock" -> m.accounts.put(user, AccountState.ACTIVE);
            case "delete" -> m.accounts.remove(user);
            default -> { }
        }
        m.record(new WorldEvent.AccountChanged(m.turn(), m.callId(), user, action));
    }

    /** Edits the files the way passwd, usermod and userdel do for an action they carried out. */
    void applied(VirtualFileSystem fs, String user, String action) {
        String shadow = text(fs, SHADOW);
        if (shadow != null) {
            shadowSeen = edit(shadow, user, f -> switch (action) {
                case "lock" -> f[1].startsWith("!") ? line(f) : line(f, "!" + f[1]);
                case "unlock" -> line(f, f[1].startsWith("!") ? f[1].substring(1) : f[1]);
                case "password_reset" -> line(f, hash(user + "'"));
                default -> null;
            });
            write(fs, SHADOW, shadowSeen);
        }
        String passwd = text(fs, PASSWD);
        if (passwd != null && action.equals("delete")) {
            passwdSeen = edit(passwd, user, f -> null);
            write(fs, PASSWD, passwdSeen);
        }
    }

    private static String line(String[] f) {
        return String.join(":", f);
    }

    private static String line(String[] f, String hash) {
        f[1] = hash;
        return String.join(":", f);
    }

    /** Rewrites the first line for a user (dropped when the edit gives null); other lines stay as they are. */
    private static String edit(String text, String user, java.util.function.Function<String[], String> edit) {
        StringBuilder out = new StringBuilder();
        boolean done = false;
        for (String line : text.lines().toList()) {
            String[] f = line.split(":", -1);
            if (!done && f.length >= 2 && f[0].equals(user)) {
                done = true;
                String edited = edit.apply(f);
                if (edited != null) out.append(edited).append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** User to second field (the password hash in shadow), first line for each user only. */
    private static Map<String, String> firstFields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) return out;
        for (String line : text.lines().toList()) {
            String[] f = line.split(":", -1);
            if (f.length >= 2 && !f[0].isBlank()) out.putIfAbsent(f[0], f[1]);
        }
        return out;
    }

    private static String bare(String hash) {
        String h = hash;
        while (h.startsWith("!") || h.startsWith("*")) h = h.substring(1);
        return h;
    }

    private static String text(VirtualFileSystem fs, String path) {
        try {
            return fs.read(path);
        } catch (VirtualFileSystem.FsException e) {
            return null;
        }
    }

    private static void write(VirtualFileSystem fs, String path, String text) {
        try {
            fs.write(path, text, false);
        } catch (VirtualFileSystem.FsException e) {
            throw new IllegalStateException(path + " could not be rewritten", e);
        }
    }
}
