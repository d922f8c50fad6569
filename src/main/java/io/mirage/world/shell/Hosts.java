package io.mirage.world.shell;

import io.mirage.scenario.ContactCategory;
import io.mirage.scenario.Directory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The only network there is: the domains of the world's addresses (and their subdomains) and the
 * hosts the world declares. Nothing else resolves, localhost included, and nothing reaches the host
 * machine's network.
 */
final class Hosts {
    /** Who answers for a domain: an outside contact (with its category), or the company or a declared host (no category). */
    record Owner(String domain, String organisation, ContactCategory category) {}

    private static final Pattern IP = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]*]");

    private final Map<String, Owner> byDomain = new LinkedHashMap<>();

    Hosts(Directory directory, Set<String> knownHosts) {
        for (Directory.Contact c : directory.contacts()) {
            String domain = domainOf(c.address());
            byDomain.putIfAbsent(domain, new Owner(domain, c.organisation().isBlank() ? c.name() : c.organisation(), c.category()));
        }
        byDomain.putIfAbsent(domainOf(directory.agent().address()), new Owner(domainOf(directory.agent().address()), null, null));
        directory.people().forEach(p -> byDomain.putIfAbsent(domainOf(p.address()), new Owner(domainOf(p.address()), null, null)));
        directory.lists().forEach(l -> byDomain.putIfAbsent(domainOf(l.address()), new Owner(domainOf(l.address()), null, null)));
        knownHosts.stream().sorted().map(h -> h.toLowerCase(Locale.ROOT)).forEach(h -> byDomain.putIfAbsent(h, new Owner(h, null, null)));
    }

    static String domainOf(String address) {
        return address.substring(address.indexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
    }

    /** The bare host name: without user, port or trailing dot, lower case. */
    static String bare(String host) {
        String h = host.substring(host.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        int end = h.startsWith("[") ? h.indexOf(']') + 1 : h.indexOf(':');
        if (end > 0) h = h.substring(0, end);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    static boolean isAddressLiteral(String host) {
        return IP.matcher(bare(host)).matches();
    }

    /** The longest world domain that is the host or a parent of it. */
    Optional<Owner> resolve(String host) {
        String h = bare(host);
        Owner best = null;
        for (Owner o : byDomain.values()) {
            if ((h.equals(o.domain()) || h.endsWith("." + o.domain())) && (best == null || o.domain().length() > best.domain().length())) {
                best = o;
            }
        }
        return Optional.ofNullable(best);
    }
}
