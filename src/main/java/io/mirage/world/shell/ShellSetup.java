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

    /** For now every world starts the same: an empty home, /etc/hostname, root and the agent's account, no services. */
    public static ShellSetup forAgent(String agentName) {
        String user = agentName.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        String hostname = user + "-workstation";
        return new ShellSetup(user, hostname, Map.of("/etc/hostname", hostname + "\n"), Set.of("root", user), Set.of(), Set.of());
    }

    public String home() {
        return user.equals("root") ? "/root" : "/home/" + user;
    }
}
