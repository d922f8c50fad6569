package io.mirage.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Who holds a claim: one open store, named {@code machine/pid/random}. The random part
 * keeps two stores of one process apart; the rest lets a process on the same machine see that a
 * claim's owner was killed, so its work is taken at once instead of when its lease runs out.
 */
public record ClaimOwner(String id) {
    private static final String MACHINE = machine();

    public static ClaimOwner newOwner() {
        return new ClaimOwner(MACHINE + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Whether the owner named {@code id} is surely no longer running: a process of this machine (and
     * PID namespace) whose PID is gone. Owners elsewhere, and ids this cannot read, are never gone:
     * their leases have to run out. (A reused PID only makes the others wait for the lease.)
     */
    public static boolean gone(String id) {
        int cut = id.lastIndexOf('/');
        int pidStart = cut < 0 ? -1 : id.lastIndexOf('/', cut - 1);
        if (pidStart < 0 || MACHINE.equals("?") || !id.substring(0, pidStart).equals(MACHINE)) return false;
        try {
            return ProcessHandle.of(Long.parseLong(id.substring(pidStart + 1, cut))).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * This machine, and its PID namespace where Linux says which (containers on one host may share a
     * name but not PIDs); "?" when unknown, which {@link #gone} never trusts.
     */
    private static String machine() {
        try {
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return (host + "|" + namespace).replace('/', '_');
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return "?"; // e.g. not Linux: other processes wait for this one's leases to run out
        }
    }
}
