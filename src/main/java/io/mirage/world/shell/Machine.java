package io.mirage.world.shell;

import io.mirage.scenario.Directory;
import io.mirage.world.WorldEvent;

import java.time.OffsetDateTime;
import java.util.TreeMap;

/**
 * The state behind one shell, kept across turns: files, accounts, services, and the world it
 * reports to. Also knows the turn and call being served, so commands can stamp their events.
 */
final class Machine {
    enum AccountState { ACTIVE, LOCKED }

    record Service(boolean active, boolean enabled, boolean masked) {}

    final ShellSetup setup;
    final VirtualFileSystem fs;
    final Hosts hosts;
    final AccountFiles accountFiles;
    final TreeMap<String, AccountState> accounts = new TreeMap<>();
    final TreeMap<String, Service> services = new TreeMap<>();
    private final ShellWorld world;
    private int turn;
    private String callId;

    Machine(ShellSetup setup, Directory directory, ShellWorld world) {
        this.setup = setup;
        this.world = world;
        // a pack's own /etc/passwd or /etc/shadow wins over the ones made from its accounts
        java.util.Map<String, String> files = new java.util.HashMap<>(AccountFiles.initial(setup.accounts()));
        files.putAll(setup.files());
        this.fs = new VirtualFileSystem(setup.user(), setup.home(), files, world.now(0));
        this.accountFiles = new AccountFiles(fs);
        this.hosts = new Hosts(directory, setup.knownHosts());
        setup.accounts().forEach(a -> accounts.put(a, AccountState.ACTIVE));
        setup.services().forEach(s -> services.put(unit(s), new Service(true, true, false)));
    }

    static String unit(String name) {
        return name.contains(".") ? name : name + ".service";
    }

    void serve(int turn, String callId) {
        this.turn = turn;
        this.callId = callId;
        fs.at(now());
    }

    OffsetDateTime now() {
        return world.now(turn);
    }

    int turn() {
        return turn;
    }

    String callId() {
        return callId;
    }

    ShellWorld world() {
        return world;
    }

    void record(WorldEvent event) {
        world.record(event);
    }

    void written(String path, int bytes, boolean append) {
        record(new WorldEvent.FileWritten(turn, callId, path, bytes, append));
    }
}
