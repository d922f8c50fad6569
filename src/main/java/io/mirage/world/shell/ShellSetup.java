package io.mirage.world.shell;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a shell starts with. {@code files} maps absolute paths to text (their directories are
 * created); {@code accounts} and {@code services} are what the account commands and systemctl know;
 * {@code knownHosts} resolve besides the domains of the world's addresses.
 */
public record ShellSetup(String user, String hostname, Map<String, String> files, Set<String> accounts,
                         Set<String> services, Set<String> knownHosts) {
    public ShellSetup {
        files = Map.copyOf(files);
        accounts = Set.copyOf(accounts);
        services = Set.copyOf(services);
        knownHosts = Set.copyOf(knownHosts);
    }

    /** An empty home, /etc/hostname, root and the agent's account, no services. */
    public static ShellSetup forAgent(String agentName) {
        return forAgent(agentName, null, Map.of(), Set.of(), Set.of(), Set.of());
    }

    /** The agent's machine as a pack declares it, on top of the defaults (home, /etc/hostname, root and the agent). */
    public static ShellSetup forAgent(String agentName, String hostname, Map<String, String> files, Set<String> accounts,
                                      Set<String> services, Set<String> knownHosts) {
        String user = agentName.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        String host = hostname != null ? hostname : user + "-workstation";
        Map<String, String> allFiles = new java.util.TreeMap<>(Map.of("/etc/hostname", host + "\n"));
        allFiles.putAll(files);
        Set<String> allAccounts = new java.util.TreeSet<>(Set.of("root", user));
        allAccounts.addAll(accounts);
        return new ShellSetup(user, host, allFiles, allAccounts, services, knownHosts);
    }

    public String home() {
        return user.equals("root") ? "/root" : "/home/" + user;
    }
}
