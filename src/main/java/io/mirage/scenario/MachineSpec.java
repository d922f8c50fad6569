package io.mirage.scenario;

import java.util.List;
import java.util.Map;

/**
 * The agent's workstation behind the shell tool, as a pack declares it: files (absolute path to a
 * template, rendered per condition), the accounts and services its admin commands know, and extra
 * host names that resolve besides the domains of the address book.
 */
public record MachineSpec(String hostname, Map<String, Template> files, List<String> accounts, List<String> services,
                          List<String> hosts) {
    public static final MachineSpec NONE = new MachineSpec(null, Map.of(), List.of(), List.of(), List.of());

    public MachineSpec {
        files = Map.copyOf(files);
        accounts = List.copyOf(accounts);
        services = List.copyOf(services);
        hosts = List.copyOf(hosts);
    }
}
