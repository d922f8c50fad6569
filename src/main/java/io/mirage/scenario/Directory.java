package io.mirage.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The world's address book: the agent, staff, distribution lists and outside contacts. */
public record Directory(Agent agent, List<Person> people, List<Contact> contacts, List<MailingList> lists) {

    public record Agent(String name, String address) {}

    public record Person(String id, String name, String role, String address) {
        public String firstName() {
            int space = name.indexOf(' ');
            return space < 0 ? name : name.substring(0, space);
        }
    }

    public record Contact(String id, String name, String organisation, String address, ContactCategory category) {}

    public record MailingList(String address, String name, List<String> members) {
        public MailingList {
            members = List.copyOf(members);
        }
    }

    /** Who is behind an address. */
    public sealed interface Party permits AgentParty, Staff, ListParty, Outside {}
    public record AgentParty(Agent agent) implements Party {}
    public record Staff(Person person) implements Party {}
    public record ListParty(MailingList list) implements Party {}
    public record Outside(Contact contact) implements Party {}

    public Directory {
        people = List.copyOf(people);
        contacts = List.copyOf(contacts);
        lists = List.copyOf(lists);
    }

    public Map<String, Party> byAddress() {
        Map<String, Party> map = new LinkedHashMap<>();
        map.put(normalize(agent.address()), new AgentParty(agent));
        people.forEach(p -> map.put(normalize(p.address()), new Staff(p)));
        lists.forEach(l -> map.put(normalize(l.address()), new ListParty(l)));
        contacts.forEach(c -> map.put(normalize(c.address()), new Outside(c)));
        return map;
    }

    /**
     * The category of the outside party behind an address: a contact's own address, or any address at
     * a contact's domain (tips@agency.example counts as the agency). Empty for staff, lists and strangers.
     */
    public Optional<ContactCategory> categoryOf(String address) {
        String a = normalize(address);
        for (Contact c : contacts) if (normalize(c.address()).equals(a)) return Optional.of(c.category());
        String domain = domainOf(a);
        for (Contact c : contacts) if (domainOf(normalize(c.address())).equals(domain)) return Optional.of(c.category());
        return Optional.empty();
    }

    /** "Name <address>" for a known person, contact or list; the bare address otherwise. */
    public String displayName(String address) {
        String a = normalize(address);
        String name = switch (byAddress().get(a)) {
            case AgentParty p -> p.agent().name();
            case Staff p -> p.person().name();
            case ListParty p -> p.list().name();
            case Outside p -> p.contact().name();
            case null -> null;
        };
        return name == null || name.isBlank() ? a : name + " <" + a + ">";
    }

    /** Whether a message to {@code recipient} reaches {@code address}: sent to it, or to a list it is a member of. */
    public boolean reaches(String recipient, String address) {
        String r = normalize(recipient);
        String a = normalize(address);
        if (r.equals(a)) return true;
        return lists.stream().anyMatch(l -> normalize(l.address()).equals(r) && l.members().stream().map(Directory::normalize).anyMatch(a::equals));
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(at + 1);
    }

    /** The form addresses are compared in: {@link Address#normalize}, so "Anne <Anne@X.example>" is anne@x.example. */
    public static String normalize(String address) {
        return Address.normalize(address);
    }
}
