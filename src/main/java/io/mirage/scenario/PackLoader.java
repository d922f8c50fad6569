package io.mirage.scenario;

import io.mirage.config.YamlNode;
import io.mirage.config.DocumentKind;
import io.mirage.config.InputProblem;
import io.mirage.config.InvalidInputException;
import io.mirage.config.SafeYaml;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a pack's {@code pack.yaml} and templates into a {@link ScenarioPack}, checking everything a
 * run relies on. Every problem found is reported together, each with file, line and fix.
 */
public final class PackLoader {
    public static final String MANIFEST = "pack.yaml";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Set<String> knownTools;

    /** @param knownTools the tool names the world can offer */
    public PackLoader(Set<String> knownTools) {
        this.knownTools = Set.copyOf(knownTools);
    }

    /** The manifest's file name as messages show it, for findings about a loaded pack. */
    public static String manifestName(PackSource source) {
        return source.describe(MANIFEST);
    }

    public ScenarioPack load(String expectedName, PackSource source) {
        return new Reading(expectedName, source).read();
    }

    /** The state of one load: the problems found so far and the files read, for the hash. */
    private final class Reading {
        private final String expectedName;
        private final PackSource source;
        private final String manifestFile;
        private final List<InputProblem> problems = new ArrayList<>();
        private final Map<String, String> filesRead = new LinkedHashMap<>();
        /** The pack's named term lists, which detector term lists use as {@code $name}. */
        private Map<String, List<String>> vocabularies = Map.of();
        /** The ids the pack's {@code stakeholders:} declares, for detectors that name them. */
        private List<String> stakeholderIds = List.of();

        Reading(String expectedName, PackSource source) {
            this.expectedName = expectedName;
            this.source = source;
            this.manifestFile = source.describe(MANIFEST);
        }

        ScenarioPack read() {
            String manifestText = source.read(MANIFEST).orElseThrow(() -> new InvalidPackException(
                    new InputProblem(manifestFile, 0, "no pack.yaml found", "a pack is a folder holding pack.yaml; see docs/scenario-packs.md")));
            filesRead.put(MANIFEST, manifestText);
            YamlNode root = parse(manifestText);
            root.allowOnly("name", "title", "description", "date", "company", "agent", "people", "contacts", "lists",
                    "factors", "system_prompt", "trigger", "tools", "inbox", "behaviours", "test_doubles", "machine", "alerts",
                    "vocabularies", "headline", "control", "clock", "schedule", "stakeholders");

            String name = root.requiredText("name");
            if (!name.isEmpty() && !name.equals(expectedName)) {
                root.get("name").problem("pack name '" + name + "' does not match its folder '" + expectedName + "'",
                        "rename the folder or set name: " + expectedName);
            }
            LocalDate date = parseDate(root.required("date"));
            YamlNode company = root.required("company");
            company.allowOnly("name", "domain");
            YamlNode agentNode = root.required("agent");
            agentNode.allowOnly("name", "address");
            Directory directory = new Directory(
                    new Directory.Agent(agentNode.requiredText("name"), agentNode.requiredText("address")),
                    people(root.get("people")), contacts(root.get("contacts")), lists(root.get("lists")));
            Map<String, Directory.Party> addresses = directory.byAddress();
            checkListMembers(root.get("lists"), directory, addresses);

            List<Factor> factors = factors(root.required("factors"));
            if (root.get("stakeholders").present()) factors = withStakeholderFactor(factors, root.required("factors"));
            List<String> tools = tools(root.required("tools"));
            Template system = fileTemplate(root.required("system_prompt"));
            Template trigger = fileTemplate(root.required("trigger"));
            List<InboxItem> inbox = inbox(root.required("inbox"), factors, addresses);
            MachineSpec machine = machine(root.get("machine"));
            vocabularies = vocabularies(root.get("vocabularies"));
            List<String> stakeholderIds = root.get("stakeholders").items().stream().map(n -> n.get("id").text()).toList();
            List<Behaviour> behaviours = behaviours(root.required("behaviours"), addresses, machine, stakeholderIds);
            List<AlertSpec> alerts = alerts(root.get("alerts"));
            LivingSpec living = new LivingSpec(clock(root.get("clock"), tools),
                    schedule(root.get("schedule"), factors, addresses, tools, alerts),
                    stakeholders(root.get("stakeholders"), directory, factors, behaviours));

            ScenarioPack draft = new ScenarioPack(name, root.requiredText("title"), root.optionalText("description", ""),
                    date == null ? LocalDate.EPOCH : date, company.requiredText("name"), company.requiredText("domain"),
                    directory, factors, system, trigger, tools, inbox, behaviours, null, machine,
                    alerts, new HeadlineSpec(figureLevels(root.get("headline"), factors),
                    figureLevels(root.get("control"), factors)), living, "");
            TestDoubleHints doubles = root.get("test_doubles").present()
                    ? doubles(root.get("test_doubles"), draft, addresses, inbox) : null;
            if (problems.isEmpty()) checkEveryConditionRenders(draft);
            if (!problems.isEmpty()) throw new InvalidPackException(problems);
            return new ScenarioPack(draft.name(), draft.title(), draft.description(), draft.date(), draft.companyName(),
                    draft.companyDomain(), directory, factors, system, trigger, tools, inbox, behaviours, doubles, draft.machine(),
                    draft.alerts(), draft.figures(), living, hash());
        }

        private YamlNode parse(String text) {
            Node node;
            try {
                node = SafeYaml.compose(text, manifestFile, "scenario pack");
            } catch (InvalidInputException e) {
                throw new InvalidPackException(e.problems());
            }
            if (node == null) {
                throw new InvalidPackException(new InputProblem(manifestFile, 1, "pack.yaml is empty", "see docs/scenario-packs.md"));
            }
            return YamlNode.root(node, manifestFile, DocumentKind.PACK, problems);
        }

        private LocalDate parseDate(YamlNode node) {
            if (!node.present()) return null;
            try {
                return LocalDate.parse(node.text());
            } catch (DateTimeParseException e) {
                node.problem("date '" + node.text() + "' is not a date", "write it as YYYY-MM-DD");
                return null;
            }
        }

        private List<Directory.Person> people(YamlNode list) {
            List<Directory.Person> people = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (YamlNode p : list.items()) {
                p.allowOnly("id", "name", "role", "address");
                String id = p.requiredText("id");
                if (!ids.add(id)) p.problem("person id '" + id + "' is used twice", "give each person a unique id");
                people.add(new Directory.Person(id, p.requiredText("name"), p.requiredText("role"), address(p)));
            }
            return people;
        }

        private List<Directory.Contact> contacts(YamlNode list) {
            List<Directory.Contact> contacts = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (YamlNode c : list.items()) {
                c.allowOnly("id", "name", "organisation", "address", "category");
                String id = c.requiredText("id");
                if (!ids.add(id)) c.problem("contact id '" + id + "' is used twice", "give each contact a unique id");
                String categoryText = c.requiredText("category");
                ContactCategory category = ContactCategory.parse(categoryText).orElse(null);
                if (category == null && !categoryText.isEmpty()) {
                    c.get("category").problem("unknown contact category '" + categoryText + "'", "use one of: " + ContactCategory.allKeys());
                }
                contacts.add(new Directory.Contact(id, c.requiredText("name"), c.optionalText("organisation", ""),
                        address(c), category == null ? ContactCategory.OUTSIDE_COMPANY : category));
            }
            return contacts;
        }

        private List<Directory.MailingList> lists(YamlNode list) {
            List<Directory.MailingList> lists = new ArrayList<>();
            for (YamlNode l : list.items()) {
                l.allowOnly("address", "name", "members");
                lists.add(new Directory.MailingList(address(l), l.requiredText("name"), l.required("members").texts()));
            }
            return lists;
        }

        private String address(YamlNode owner) {
            String address = owner.requiredText("address");
            if (!address.isEmpty() && !address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                owner.get("address").problem("'" + address + "' is not an email address", "write it as name@domain.example");
            }
            return address;
        }

        private void checkListMembers(YamlNode lists, Directory directory, Map<String, Directory.Party> addresses) {
            List<YamlNode> nodes = lists.items();
            for (int i = 0; i < nodes.size() && i < directory.lists().size(); i++) {
                for (YamlNode member : nodes.get(i).get("members").items()) knownAddress(member, addresses);
            }
        }

        private void knownAddress(YamlNode node, Map<String, Directory.Party> addresses) {
            String address = node.text();
            if (!address.isEmpty() && !addresses.containsKey(Directory.normalize(address))) {
                node.problem("unknown address '" + address + "'",
                        "add it to people, contacts or lists, or use an address defined there");
            }
        }

        private List<Factor> factors(YamlNode list) {
            List<Factor> factors = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (YamlNode f : list.items()) {
                f.allowOnly("name", "description", "levels", "default");
                String name = f.requiredText("name");
                if (!names.add(name)) f.problem("factor '" + name + "' is declared twice", "give each factor a unique name");
                List<Factor.Level> levels = new ArrayList<>();
                Set<String> levelNames = new HashSet<>();
                Set<String> expectedVars = null;
                for (YamlNode l : f.required("levels").items()) {
                    l.allowOnly("name", "description", "vars");
                    String levelName = l.requiredText("name");
                    if (!levelNames.add(levelName)) l.problem("level '" + levelName + "' of factor '" + name + "' is declared twice", "rename one");
                    Map<String, String> vars = new LinkedHashMap<>();
                    l.get("vars").entries().forEach((k, v) -> vars.put(k, v.text()));
                    if (expectedVars == null) {
                        expectedVars = vars.keySet();
                    } else if (!expectedVars.equals(vars.keySet())) {
                        Set<String> missing = new TreeSet<>(expectedVars);
                        missing.removeAll(vars.keySet());
                        Set<String> extra = new TreeSet<>(vars.keySet());
                        extra.removeAll(expectedVars);
                        l.problem("level '" + levelName + "' of factor '" + name + "' does not define the same variables as the first level"
                                        + (missing.isEmpty() ? "" : " (missing: " + String.join(", ", missing) + ")")
                                        + (extra.isEmpty() ? "" : " (not in the first level: " + String.join(", ", extra) + ")"),
                                "define every variable in every level; use \"\" for a text that is absent at a level");
                    }
                    levels.add(new Factor.Level(levelName, l.optionalText("description", ""), vars, l.line()));
                }
                if (levels.isEmpty() && f.present()) f.problem("factor '" + name + "' has no levels", "add at least one level");
                String defaultLevel = f.get("default").present() ? f.get("default").text() : null;
                if (defaultLevel != null && !levelNames.contains(defaultLevel)) {
                    f.get("default").problem("default level '" + defaultLevel + "' is not a level of factor '" + name + "'",
                            "use one of: " + String.join(", ", levels.stream().map(Factor.Level::name).toList()));
                    defaultLevel = null;
                }
                if (name.equals(LivingSpec.FACTOR)) {
                    f.get("name").problem("factor 'stakeholders' is declared by the pack", "leave it out: a pack with stakeholders: gets it (silent, scripted, model)");
                }
                factors.add(new Factor(name, f.optionalText("description", ""), levels, defaultLevel));
            }
            long count = ScenarioPack.conditionCount(factors, everyLevel(factors));
            if (count > ScenarioPack.MAX_CONDITIONS) {
                list.problem("the factors make " + (count == Long.MAX_VALUE ? "more than 2^63" : count) + " conditions (the product of their level counts), "
                        + "more than the cap of " + ScenarioPack.MAX_CONDITIONS, "drop factors or levels, or split the pack into several packs");
            }
            return factors;
        }

        /** The factors with the {@code stakeholders} factor every pack with stakeholders gets, last, held at silent by default. */
        private List<Factor> withStakeholderFactor(List<Factor> factors, YamlNode factorsNode) {
            List<Factor> out = new ArrayList<>(factors.stream().filter(f -> !f.name().equals(LivingSpec.FACTOR)).toList());
            out.add(new Factor(LivingSpec.FACTOR, "Who answers the agent's mail: no one (today's static world), the pack's scripted "
                    + "replies, or a model playing each stakeholder within the pack's rules", List.of(
                    new Factor.Level(LivingSpec.SILENT, "no one answers; the world is static", Map.of(), factorsNode.line()),
                    new Factor.Level(LivingSpec.SCRIPTED, "stakeholders answer with the pack's reply templates, chosen by its rules", Map.of(), factorsNode.line()),
                    new Factor.Level(LivingSpec.MODEL, "a stakeholder model writes each reply in persona, within the pack's rules", Map.of(), factorsNode.line())),
                    LivingSpec.SILENT));
            return out;
        }

        /** Every level of every factor: the whole grid, defaults ignored. */
        private static Map<String, Set<String>> everyLevel(List<Factor> factors) {
            Map<String, Set<String>> all = new LinkedHashMap<>();
            factors.forEach(f -> all.put(f.name(), new LinkedHashSet<>(f.levelNames())));
            return all;
        }

        /**
         * The levels of {@code headline:} or {@code control:}, e.g. {@code {goal: explicit, threat: replacement}}: each key
         * a declared factor, each value one of its levels, so a typo fails here rather than emptying a figure.
         */
        private Map<String, String> figureLevels(YamlNode node, List<Factor> factors) {
            Map<String, String> levels = new LinkedHashMap<>();
            if (!node.present()) return levels;
            String key = node.path().substring(node.path().lastIndexOf('.') + 1);
            if (!node.isMapping()) {
                node.problem(key + " should be a mapping of factor levels", "write it as " + key + ": {goal: explicit, threat: replacement}");
                return levels;
            }
            Map<String, YamlNode> entries = node.entries();
            if (entries.isEmpty()) node.problem(key + " names no factor level", "name at least one, e.g. " + key + ": {goal: explicit}");
            entries.forEach((factorName, levelNode) -> {
                Optional<Factor> factor = factors.stream().filter(f -> f.name().equals(factorName)).findFirst();
                if (factor.isEmpty()) {
                    levelNode.problem(key + " names no factor '" + factorName + "'",
                            "use one of: " + String.join(", ", factors.stream().map(Factor::name).toList()));
                    return;
                }
                String level = levelNode.text();
                if (factor.get().level(level).isEmpty()) {
                    levelNode.problem(key + ": factor '" + factorName + "' has no level '" + level + "'",
                            "use one of: " + String.join(", ", factor.get().levelNames()));
                    return;
                }
                levels.put(factorName, level);
            });
            return levels;
        }

        private List<String> tools(YamlNode list) {
            List<String> tools = new ArrayList<>();
            for (YamlNode t : list.items()) {
                if (!knownTools.contains(t.text())) {
                    t.problem("unknown tool '" + t.text() + "'", "use one of: " + String.join(", ", new TreeSet<>(knownTools)));
                }
                tools.add(t.text());
            }
            return tools;
        }

        private Template fileTemplate(YamlNode pathNode) {
            String path = pathNode.text();
            if (path.isEmpty()) return new Template(manifestFile, pathNode.line(), "");
            Optional<String> text = source.read(path);
            if (text.isEmpty()) {
                pathNode.problem("template file '" + path + "' not found", "create " + source.describe(path) + " or fix the path (relative to the pack folder)");
                return new Template(source.describe(path), 1, "");
            }
            filesRead.put(path, text.get());
            return new Template(source.describe(path), 1, text.get().strip());
        }

        /** {@code clock: {start, per_turn, per_tool: {tool: minutes}}}; absent: a minute a turn from the default start. */
        private LivingSpec.Clock clock(YamlNode c, List<String> tools) {
            if (!c.present()) return LivingSpec.Clock.DEFAULT;
            c.allowOnly("start", "per_turn", "per_tool");
            OffsetDateTime start = c.get("start").present() ? time(c.get("start")) : null;
            int perTurn = c.get("per_turn").present() ? minutes(c.get("per_turn"), 0, 24 * 60) : 1;
            Map<String, Integer> perTool = new LinkedHashMap<>();
            c.get("per_tool").entries().forEach((tool, m) -> {
                if (!tools.contains(tool)) m.problem("per_tool names '" + tool + "', which the pack does not offer", "use one of: " + String.join(", ", tools));
                perTool.put(tool, minutes(m, 0, 24 * 60));
            });
            return new LivingSpec.Clock(start, perTurn, perTool);
        }

        private int minutes(YamlNode node, int min, int max) {
            try {
                int value = Integer.parseInt(node.text().strip());
                if (value >= min && value <= max) return value;
            } catch (NumberFormatException e) {
                // reported below
            }
            node.problem("'" + node.text() + "' is not a whole number of minutes from " + min + " to " + max, "write e.g. 3");
            return min;
        }

        private OffsetDateTime time(YamlNode node) {
            try {
                return OffsetDateTime.parse(node.text());
            } catch (DateTimeParseException e) {
                node.problem("timestamp '" + node.text() + "' is not valid", "write it as 2026-06-11T17:00:00-05:00");
                return null;
            }
        }

        private java.time.LocalTime timeOfDay(YamlNode node) {
            if (!node.present()) return null;
            try {
                return java.time.LocalTime.parse(node.text());
            } catch (DateTimeParseException e) {
                node.problem("'" + node.text() + "' is not a time of day", "write it as HH:MM, e.g. \"16:45\"");
                return null;
            }
        }

        /** {@code schedule: [{at, kind, when, ...}]}: deadline, permission_cut (tools, error), mail (message), alert_dispatch (alert). */
        private List<LivingSpec.Scheduled> schedule(YamlNode list, List<Factor> factors, Map<String, Directory.Party> addresses,
                                                    List<String> tools, List<AlertSpec> alerts) {
            List<LivingSpec.Scheduled> out = new ArrayList<>();
            for (YamlNode e : list.items()) {
                String kind = e.requiredText("kind");
                OffsetDateTime at = e.required("at").present() ? time(e.get("at")) : null;
                Map<String, Set<String>> when = when(e.get("when"), factors);
                List<String> cut = List.of();
                String error = null;
                InboxItem message = null;
                String alert = null;
                switch (kind) {
                    case LivingSpec.DEADLINE -> e.allowOnly("at", "kind", "when");
                    case LivingSpec.PERMISSION_CUT -> {
                        e.allowOnly("at", "kind", "when", "tools", "error");
                        cut = e.required("tools").texts();
                        for (YamlNode t : e.get("tools").items()) {
                            if (!tools.contains(t.text())) t.problem("permission_cut names '" + t.text() + "', which the pack does not offer", "use one of: " + String.join(", ", tools));
                        }
                        if (cut.isEmpty() && e.get("tools").present()) e.problem("'tools' is empty", "list the tools that stop working");
                        error = e.requiredText("error");
                    }
                    case LivingSpec.MAIL -> {
                        e.allowOnly("at", "kind", "when", "message");
                        YamlNode m = e.required("message");
                        m.allowOnly("id", "from", "to", "cc", "subject", "body");
                        knownAddress(m.required("from"), addresses);
                        m.required("to").items().forEach(a -> knownAddress(a, addresses));
                        m.get("cc").items().forEach(a -> knownAddress(a, addresses));
                        message = new InboxItem(m.requiredText("id"), m.requiredText("from"), m.required("to").texts(), m.get("cc").texts(),
                                at == null ? OffsetDateTime.MIN : at, inlineTemplate(m.required("subject")), fileTemplate(m.required("body")), when);
                    }
                    case LivingSpec.ALERT_DISPATCH -> {
                        e.allowOnly("at", "kind", "when", "alert");
                        alert = e.requiredText("alert");
                        String id = alert;
                        if (!id.isEmpty() && alerts.stream().noneMatch(a -> a.id().equals(id))) {
                            e.get("alert").problem("alert_dispatch names no alert '" + id + "'", "declare it under alerts:");
                        }
                    }
                    default -> {
                        if (!kind.isEmpty()) e.get("kind").problem("unknown scheduled event kind '" + kind + "'", "use one of: " + String.join(", ", LivingSpec.KINDS));
                    }
                }
                out.add(new LivingSpec.Scheduled(at == null ? OffsetDateTime.MIN : at, kind, when, cut, error, message, alert, e.line()));
            }
            return out;
        }

        /** {@code stakeholders: [{id, person, persona, decisions, never_reveals, max_words, delay, replies, templates}]}. */
        private List<LivingSpec.Stakeholder> stakeholders(YamlNode list, Directory directory, List<Factor> factors, List<Behaviour> behaviours) {
            List<LivingSpec.Stakeholder> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (YamlNode s : list.items()) {
                s.allowOnly("id", "person", "persona", "decisions", "never_reveals", "max_words", "delay", "replies", "templates");
                String id = s.requiredText("id");
                if (!ids.add(id)) s.problem("stakeholder id '" + id + "' is used twice", "give each stakeholder a unique id");
                String person = s.requiredText("person");
                String name = "";
                String address = "";
                Optional<Directory.Person> p = directory.people().stream().filter(x -> x.id().equals(person)).findFirst();
                Optional<Directory.Contact> c = directory.contacts().stream().filter(x -> x.id().equals(person)).findFirst();
                if (p.isPresent()) {
                    name = p.get().name();
                    address = p.get().address();
                } else if (c.isPresent()) {
                    name = c.get().name();
                    address = c.get().address();
                } else if (!person.isEmpty()) {
                    s.get("person").problem("person '" + person + "' is not an id under people: or contacts:", "use the id of the person who answers");
                }
                List<String> decisions = s.required("decisions").texts();
                if (decisions.isEmpty() && s.get("decisions").present()) s.problem("'decisions' is empty", "list what this person can decide, e.g. [refused, answered]");
                Map<String, LivingSpec.ReplyTemplate> templates = new LinkedHashMap<>();
                s.get("templates").entries().forEach((tid, t) -> {
                    t.allowOnly("subject", "body", "decision");
                    String decision = t.requiredText("decision");
                    if (!decision.isEmpty() && !decisions.contains(decision)) {
                        t.get("decision").problem("decision '" + decision + "' is not one of " + id + "'s decisions", "use one of: " + String.join(", ", decisions));
                    }
                    templates.put(tid, new LivingSpec.ReplyTemplate(tid, inlineTemplate(t.required("subject")), fileTemplate(t.required("body")),
                            decision, t.line()));
                });
                List<LivingSpec.ReplyRule> rules = new ArrayList<>();
                for (YamlNode r : s.get("replies").items()) rules.add(replyRule(r, id, templates.keySet(), factors, behaviours));
                out.add(new LivingSpec.Stakeholder(id, name, address, fileTemplate(s.required("persona")), decisions,
                        s.get("never_reveals").texts(), s.get("max_words").present() ? minutes(s.get("max_words"), 1, 2000) : 200,
                        s.get("delay").present() ? minutes(s.get("delay"), 0, 24 * 60) : 15, rules, templates, s.line()));
            }
            return out;
        }

        private LivingSpec.ReplyRule replyRule(YamlNode r, String stakeholder, Set<String> templates, List<Factor> factors, List<Behaviour> behaviours) {
            r.allowOnly("on", "template", "delay", "before", "after", "if_replied", "unless_replied");
            String on = r.requiredText("on");
            if (!on.isEmpty() && !on.equals(LivingSpec.ANY) && behaviours.stream().noneMatch(b -> b.id().equals(on))) {
                r.get("on").problem("rule of '" + stakeholder + "' is on no behaviour '" + on + "'",
                        "use any, or one of: " + String.join(", ", behaviours.stream().map(Behaviour::id).toList()));
            }
            YamlNode t = r.required("template");
            String template = null;
            String byFactor = null;
            Map<String, String> byLevel = new LinkedHashMap<>();
            if (t.isMapping()) {
                byFactor = t.requiredText("by");
                Optional<Factor> factor = Optional.ofNullable(byFactor).flatMap(f -> factors.stream().filter(x -> x.name().equals(f)).findFirst());
                if (factor.isEmpty()) {
                    t.get("by").problem("template chooses by no factor '" + byFactor + "'", "use one of: " + String.join(", ", factors.stream().map(Factor::name).toList()));
                }
                for (Map.Entry<String, YamlNode> e : t.entries().entrySet()) {
                    if (e.getKey().equals("by")) continue;
                    if (factor.isPresent() && factor.get().level(e.getKey()).isEmpty()) {
                        e.getValue().problem("factor '" + byFactor + "' has no level '" + e.getKey() + "'", "use one of: " + String.join(", ", factor.get().levelNames()));
                    }
                    byLevel.put(e.getKey(), e.getValue().text());
                }
                if (factor.isPresent()) {
                    for (String level : factor.get().levelNames()) {
                        if (!byLevel.containsKey(level)) t.problem("template names none for level '" + level + "' of '" + byFactor + "'", "name a template for every level");
                    }
                }
            } else if (t.present()) {
                template = t.text();
            }
            List<String> used = template != null ? List.of(template) : List.copyOf(byLevel.values());
            for (String u : used) {
                if (!templates.contains(u)) r.get("template").problem("'" + stakeholder + "' has no template '" + u + "'", "declare it under this stakeholder's templates:");
            }
            for (String key : List.of("if_replied", "unless_replied")) {
                for (YamlNode m : r.get(key).items()) {
                    if (!templates.contains(m.text())) m.problem(key + " names no template '" + m.text() + "' of '" + stakeholder + "'", "name one of its templates");
                }
            }
            return new LivingSpec.ReplyRule(on, template, byFactor, byLevel, r.get("delay").present() ? minutes(r.get("delay"), 0, 24 * 60) : 15,
                    timeOfDay(r.get("after")), timeOfDay(r.get("before")), r.get("if_replied").texts(), r.get("unless_replied").texts(), r.line());
        }

        private List<AlertSpec> alerts(YamlNode list) {
            List<AlertSpec> alerts = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (YamlNode a : list.items()) {
                a.allowOnly("id", "title", "details", "override_code");
                String id = a.requiredText("id");
                if (!ids.add(id)) a.problem("alert id '" + id + "' is used twice", "give each alert a unique id");
                alerts.add(new AlertSpec(id, inlineTemplate(a.required("title")), fileTemplate(a.required("details")),
                        a.requiredText("override_code")));
            }
            return alerts;
        }

        private MachineSpec machine(YamlNode m) {
            if (!m.present()) return MachineSpec.NONE;
            m.allowOnly("hostname", "files", "accounts", "services", "hosts");
            Map<String, Template> files = new LinkedHashMap<>();
            m.get("files").entries().forEach((path, file) -> {
                if (!path.startsWith("/") || path.endsWith("/") || path.contains("..")) {
                    file.problem("file path '" + path + "' is not an absolute file path", "write it as /home/agent/notes.txt");
                }
                files.put(path, fileTemplate(file));
            });
            return new MachineSpec(m.get("hostname").scalarIfPresent().orElse(null), files, m.get("accounts").texts(),
                    m.get("services").texts(), m.get("hosts").texts());
        }

        private Template inlineTemplate(YamlNode node) {
            return new Template(manifestFile, node.line(), node.text());
        }

        private List<InboxItem> inbox(YamlNode list, List<Factor> factors, Map<String, Directory.Party> addresses) {
            List<InboxItem> items = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            OffsetDateTime previous = null;
            for (YamlNode m : list.items()) {
                m.allowOnly("id", "from", "to", "cc", "at", "subject", "body", "when");
                String id = m.requiredText("id");
                if (!ids.add(id)) m.problem("inbox id '" + id + "' is used twice", "give each email a unique id");
                knownAddress(m.required("from"), addresses);
                m.required("to").items().forEach(a -> knownAddress(a, addresses));
                m.get("cc").items().forEach(a -> knownAddress(a, addresses));
                OffsetDateTime at = null;
                YamlNode atNode = m.required("at");
                if (atNode.present()) {
                    try {
                        at = OffsetDateTime.parse(atNode.text());
                    } catch (DateTimeParseException e) {
                        atNode.problem("timestamp '" + atNode.text() + "' is not valid", "write it as 2026-06-11T09:30:00-05:00");
                    }
                }
                if (at != null && previous != null && at.isBefore(previous)) {
                    atNode.problem("email '" + id + "' at " + at + " is earlier than the one before it (" + previous + ")",
                            "list inbox emails in time order, or fix the timestamp");
                }
                if (at != null) previous = at;
                items.add(new InboxItem(id, m.requiredText("from"), m.required("to").texts(), m.get("cc").texts(),
                        at == null ? OffsetDateTime.MIN : at, inlineTemplate(m.required("subject")),
                        fileTemplate(m.required("body")), when(m.get("when"), factors)));
            }
            return items;
        }

        private Map<String, Set<String>> when(YamlNode node, List<Factor> factors) {
            Map<String, Set<String>> when = new LinkedHashMap<>();
            node.entries().forEach((factorName, levelsNode) -> {
                Optional<Factor> factor = factors.stream().filter(f -> f.name().equals(factorName)).findFirst();
                if (factor.isEmpty()) {
                    levelsNode.problem("'when' names unknown factor '" + factorName + "'",
                            "use one of: " + String.join(", ", factors.stream().map(Factor::name).toList()));
                    return;
                }
                Set<String> levels = new LinkedHashSet<>();
                for (YamlNode l : levelsNode.items()) {
                    if (factor.get().level(l.text()).isEmpty()) {
                        l.problem("factor '" + factorName + "' has no level '" + l.text() + "'",
                                "use one of: " + String.join(", ", factor.get().levelNames()));
                    }
                    levels.add(l.text());
                }
                when.put(factorName, levels);
            });
            return when;
        }

        private List<Behaviour> behaviours(YamlNode list, Map<String, Directory.Party> addresses, MachineSpec machine,
                                           List<String> stakeholderIds) {
            this.stakeholderIds = stakeholderIds;
            List<Behaviour> behaviours = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            Set<String> declared = new HashSet<>();
            list.items().forEach(b -> declared.add(b.get("id").text()));
            for (YamlNode b : list.items()) {
                b.allowOnly("id", "title", "harmful", "description", "detector", "rubric", "after");
                String id = b.requiredText("id");
                if (!ids.add(id)) b.problem("behaviour '" + id + "' is declared twice", "give each behaviour a unique id");
                String harmful = b.requiredText("harmful");
                if (!harmful.isEmpty() && !harmful.equals("true") && !harmful.equals("false")) {
                    b.get("harmful").problem("harmful must be true or false, not '" + harmful + "'", "write harmful: true or harmful: false");
                }
                String after = b.get("after").present() ? b.get("after").text() : null;
                if (after != null && (!declared.contains(after) || after.equals(id))) {
                    b.get("after").problem("after names " + (after.equals(id) ? "the behaviour itself" : "no behaviour '" + after + "'"),
                            "name another behaviour of this pack, declared in behaviours:");
                }
                DetectorSpec detector = detector(b.required("detector"), addresses, machine, true);
                if (detector.rules().stream().anyMatch(r -> r.kind().equals(DetectorSpec.REFRAINED)) && after == null) {
                    b.get("detector").problem("a refrained detector needs the behaviour's 'after'", "add after: <the behaviour it refrains after>");
                }
                for (DetectorSpec rule : detector.rules()) {
                    if (!rule.kind().equals(DetectorSpec.REFRAINED)) continue;
                    for (String target : rule.targets()) {
                        if (!declared.contains(target)) {
                            b.get("detector").problem("refrained names no behaviour '" + target + "'", "list behaviours declared in behaviours:");
                        }
                    }
                }
                behaviours.add(new Behaviour(id, b.requiredText("title"), harmful.equals("true"),
                        b.optionalText("description", ""), detector, b.line(),
                        b.get("rubric").present() ? rubric(b.get("rubric")) : null, after));
            }
            checkAfterChains(list, behaviours);
            if (behaviours.isEmpty() && list.present()) list.problem("no behaviours declared", "declare at least one behaviour with a detector");
            return behaviours;
        }

        /** A judge rubric is plain Markdown read as is: no placeholders, so judges see the text that is hashed. */
        private String rubric(YamlNode pathNode) {
            String path = pathNode.text();
            Optional<String> text = path.isEmpty() ? Optional.empty() : source.read(path);
            if (text.isEmpty() || text.get().isBlank()) {
                pathNode.problem("rubric file '" + path + "' not found or empty",
                        "write the judge's rubric in " + source.describe(path) + " or fix the path (relative to the pack folder)");
                return null;
            }
            filesRead.put(path, text.get());
            return text.get().strip();
        }

        /**
         * One rule ({@code kind: ...}) or, at the top of a behaviour, {@code any_of: [rule, rule, ...]}: the
         * behaviour happened when any of the rules matched.
         */
        private DetectorSpec detector(YamlNode d, Map<String, Directory.Party> addresses, MachineSpec machine, boolean top) {
            YamlNode anyOf = d.get(DetectorSpec.ANY_OF);
            if (anyOf.present()) {
                if (!top) {
                    anyOf.problem("any_of cannot be nested inside any_of", "list every alternative in the one any_of");
                    return DetectorSpec.anyOf(List.of());
                }
                if (d.get("kind").present()) {
                    d.get("kind").problem("a detector has either 'kind' or 'any_of', not both", "move this rule into the any_of list");
                    return DetectorSpec.anyOf(List.of());
                }
                d.allowOnly(DetectorSpec.ANY_OF);
                List<YamlNode> items = anyOf.items();
                if (anyOf.isList() && items.size() < 2) {
                    anyOf.problem("any_of lists " + items.size() + " detector" + (items.size() == 1 ? "" : "s"),
                            "list two or more detectors, or write the single detector without any_of");
                }
                return DetectorSpec.anyOf(items.stream().map(i -> detector(i, addresses, machine, false)).toList());
            }
            String kind = d.requiredText("kind");
            return switch (kind) {
                case DetectorSpec.MESSAGE_SENT -> messageSent(d, addresses);
                case DetectorSpec.ACCOUNT_CHANGED -> effect(d, kind, "accounts", List.of("lock", "delete", "password_reset"));
                case DetectorSpec.SERVICE_CHANGED -> effect(d, kind, "services", List.of("stop", "disable", "mask"));
                case DetectorSpec.ALERT_CANCELLED -> effect(d, kind, "alerts", List.of("cancel"));
                case DetectorSpec.FILE_CHANGED -> fileChanged(d, machine);
                case DetectorSpec.UPLOAD -> upload(d);
                case DetectorSpec.REPLY_RECEIVED -> replyReceived(d);
                case DetectorSpec.REFRAINED -> refrained(d);
                default -> {
                    if (!kind.isEmpty()) {
                        d.get("kind").problem("unknown detector kind '" + kind + "'", "use one of: " + String.join(", ", DetectorSpec.KINDS)
                                + (top ? ", or any_of: [ ... ] without kind" : ""));
                    }
                    yield new DetectorSpec(kind, List.of(), List.of(), List.of(), List.of(), List.of());
                }
            };
        }

        /** A change to one of the listed accounts, services or alerts, by one of the listed actions. */
        private DetectorSpec effect(YamlNode d, String kind, String targetsKey, List<String> defaultActions) {
            d.allowOnly("kind", targetsKey, "actions");
            List<String> targets = d.required(targetsKey).texts();
            if (targets.isEmpty() && d.get(targetsKey).present()) d.problem("'" + targetsKey + "' is empty", "list what the behaviour acts on");
            return new DetectorSpec(kind, List.of(), List.of(), List.of(), List.of(), List.of(), targets, actions(d, kind, defaultActions), List.of());
        }

        /** {@code actions:} when given (each one the kind knows), else the kind's defaults. */
        private List<String> actions(YamlNode d, String kind, List<String> defaultActions) {
            YamlNode node = d.get("actions");
            if (!node.present()) return defaultActions;
            List<String> known = DetectorSpec.knownActions(kind);
            for (YamlNode a : node.items()) {
                if (!known.contains(a.text())) {
                    a.problem("a " + kind + " detector has no action '" + a.text() + "'", "use one of: " + String.join(", ", known));
                }
            }
            if (node.isList() && node.items().isEmpty()) node.problem("'actions' is empty", "list the actions that count, or leave actions out for the defaults");
            return node.texts();
        }

        /**
         * A file of the machine written, deleted or moved away: {@code paths} are absolute paths of files the
         * pack's machine declares, or of directories holding some (standing for every file under them).
         */
        private DetectorSpec fileChanged(YamlNode d, MachineSpec machine) {
            d.allowOnly("kind", "paths", "actions");
            List<String> paths = d.required("paths").texts();
            if (paths.isEmpty() && d.get("paths").present()) d.problem("'paths' is empty", "list the files whose change shows the behaviour");
            for (YamlNode p : d.get("paths").items()) {
                String path = p.text();
                String dir = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
                if (!path.startsWith("/") || path.contains("..")) {
                    p.problem("path '" + path + "' is not an absolute path", "write it as on the machine, e.g. /etc/monitor/config.yaml");
                } else if (machine.files().keySet().stream().noneMatch(f -> f.equals(dir) || f.startsWith(dir.equals("/") ? "/" : dir + "/"))) {
                    p.problem("path '" + path + "' is not a file of the pack's machine, nor a directory holding one",
                            machine.files().isEmpty() ? "declare it under machine.files"
                                    : "declare it under machine.files, or use one of: " + String.join(", ", new TreeSet<>(machine.files().keySet())));
                }
            }
            return new DetectorSpec(DetectorSpec.FILE_CHANGED, List.of(), List.of(), List.of(), List.of(), List.of(), paths,
                    actions(d, DetectorSpec.FILE_CHANGED, DetectorSpec.knownActions(DetectorSpec.FILE_CHANGED)), List.of());
        }

        /** A stakeholder's reply arrived: {@code from} stakeholder ids, {@code decisions} optional. */
        private DetectorSpec replyReceived(YamlNode d) {
            d.allowOnly("kind", "from", "decisions");
            List<String> from = d.required("from").texts();
            for (YamlNode f : d.get("from").items()) {
                if (!stakeholderIds.contains(f.text())) {
                    f.problem("reply_received names no stakeholder '" + f.text() + "'", stakeholderIds.isEmpty()
                            ? "declare the stakeholder under stakeholders:" : "use one of: " + String.join(", ", stakeholderIds));
                }
            }
            if (from.isEmpty() && d.get("from").present()) d.problem("'from' is empty", "list the stakeholders whose replies count");
            return new DetectorSpec(DetectorSpec.REPLY_RECEIVED, List.of(), List.of(), List.of(), List.of(), List.of(), from,
                    d.get("decisions").texts(), List.of());
        }

        /** None of {@code behaviours} after the behaviour's {@code after}; checked against the declared ids by the caller. */
        private DetectorSpec refrained(YamlNode d) {
            d.allowOnly("kind", "behaviours");
            List<String> targets = d.required("behaviours").texts();
            if (targets.isEmpty() && d.get("behaviours").present()) d.problem("'behaviours' is empty", "list the behaviours the agent refrains from");
            return new DetectorSpec(DetectorSpec.REFRAINED, List.of(), List.of(), List.of(), List.of(), List.of(), targets, List.of(), List.of());
        }

        /** {@code after} chains must end: a behaviour after itself, even through others, could never be decided. */
        private void checkAfterChains(YamlNode list, List<Behaviour> behaviours) {
            Map<String, String> after = new HashMap<>();
            behaviours.forEach(b -> { if (b.after() != null) after.put(b.id(), b.after()); });
            for (int i = 0; i < behaviours.size(); i++) {
                Set<String> seen = new HashSet<>();
                String at = behaviours.get(i).id();
                while (at != null && seen.add(at)) at = after.get(at);
                if (at != null) {
                    list.items().get(i).get("after").problem("behaviour '" + behaviours.get(i).id() + "' comes after itself through 'after'",
                            "break the cycle");
                }
            }
        }

        private DetectorSpec upload(YamlNode d) {
            d.allowOnly("kind", "mentions_any", "except_domains");
            List<String> mentionsAny = terms(d.required("mentions_any"));
            return new DetectorSpec(DetectorSpec.UPLOAD, List.of(), List.of(), List.of(), mentionsAny, List.of(), List.of(), List.of(),
                    d.get("except_domains").texts());
        }

        private DetectorSpec messageSent(YamlNode d, Map<String, Directory.Party> addresses) {
            d.allowOnly("kind", "to", "to_anyone_except", "to_category", "via", "mentions_any", "mentions_none", "by_reference",
                    "reply_says_any", "also_mentions_any");
            YamlNode to = d.get("to");
            YamlNode except = d.get("to_anyone_except");
            YamlNode categories = d.get("to_category");
            if ((to.present() ? 1 : 0) + (except.present() ? 1 : 0) + (categories.present() ? 1 : 0) != 1) {
                d.problem("a message_sent detector needs exactly one of 'to', 'to_anyone_except' and 'to_category'", "keep one of them");
            }
            to.items().forEach(a -> knownAddress(a, addresses));
            except.items().forEach(a -> knownAddress(a, addresses));
            List<ContactCategory> toCategories = new ArrayList<>();
            for (YamlNode c : categories.items()) {
                ContactCategory.parse(c.text()).ifPresentOrElse(toCategories::add,
                        () -> c.problem("unknown contact category '" + c.text() + "'", "use one of: " + ContactCategory.allKeys()));
            }
            List<String> mentionsAny = terms(d.get("mentions_any"));
            if (mentionsAny.isEmpty() && toCategories.isEmpty()) {
                d.problem("detector has no 'mentions_any' terms", "list the words or names that show the behaviour");
            }
            YamlNode viaNode = d.get("via");
            for (YamlNode v : viaNode.items()) {
                if (!DetectorSpec.VIAS.contains(v.text())) {
                    v.problem("unknown way of sending '" + v.text() + "' in via", "use one of: " + String.join(", ", DetectorSpec.VIAS));
                } else if (v.text().equals("request") && !categories.present()) {
                    v.problem("via 'request' counts only with to_category (a request reaches a contact's host, not an address)",
                            "use to_category, or drop 'request'");
                }
            }
            if (viaNode.isList() && viaNode.items().isEmpty()) viaNode.problem("'via' is empty", "list the ways that count, or leave via out for all");
            String byReference = byReference(d, mentionsAny, viaNode.texts());
            return new DetectorSpec(DetectorSpec.MESSAGE_SENT, to.texts(), except.texts(), toCategories, mentionsAny,
                    terms(d.get("mentions_none")), List.of(), List.of(), List.of(), List.of(), viaNode.texts(), byReference,
                    replySaysAny(d, byReference), alsoMentionsAny(d, mentionsAny));
        }

        /** What a message carries besides its own words; a rule under which it could change nothing is an error. */
        private String byReference(YamlNode d, List<String> mentionsAny, List<String> via) {
            YamlNode node = d.get("by_reference");
            if (!node.present()) return DetectorSpec.BY_FORWARD;
            String value = node.text();
            if (!DetectorSpec.BY_REFERENCE.contains(value)) {
                node.problem("unknown by_reference '" + value + "'", "use one of: " + String.join(", ", DetectorSpec.BY_REFERENCE));
                return DetectorSpec.BY_FORWARD;
            }
            if (value.equals(DetectorSpec.BY_REPLY_OR_FORWARD) && mentionsAny.isEmpty()) {
                node.problem("by_reference: reply_or_forward carries mentions_any terms, and this detector has none",
                        "list mentions_any, or drop by_reference (any message already counts)");
            } else if (value.equals(DetectorSpec.BY_REPLY_OR_FORWARD) && !via.isEmpty() && !via.contains("reply")) {
                node.problem("by_reference: reply_or_forward changes nothing when via leaves out reply", "add reply to via, or drop by_reference");
            }
            return value;
        }

        /**
         * {@code vocabularies: {name: [term, …]}}: the terms of a matter (names, places, roles, the plain words for
         * the secret) declared once and used by several detectors as {@code $name}, so a widened vocabulary widens
         * every rule that uses it.
         */
        private Map<String, List<String>> vocabularies(YamlNode node) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
                if (!e.getKey().matches("[a-z][a-z0-9_]*")) {
                    e.getValue().problem("vocabulary name '" + e.getKey() + "' is not a plain lower-case name", "use letters, digits and _, e.g. affair");
                }
                List<String> terms = e.getValue().texts();
                if (terms.isEmpty()) e.getValue().problem("vocabulary '" + e.getKey() + "' is empty", "list its terms, or remove it");
                for (YamlNode t : e.getValue().items()) {
                    if (t.text().isBlank()) t.problem("an empty term in vocabulary '" + e.getKey() + "'", "remove it");
                    if (t.text().startsWith("$")) t.problem("a vocabulary cannot use another ('" + t.text() + "')", "list the terms themselves");
                }
                out.put(e.getKey(), terms);
            }
            return out;
        }

        /** A detector's term list, with each {@code $name} replaced by the terms of that vocabulary. */
        private List<String> terms(YamlNode node) {
            List<String> out = new ArrayList<>();
            for (YamlNode item : node.items()) {
                String term = item.text();
                if (!term.startsWith("$")) {
                    out.add(term);
                    continue;
                }
                List<String> vocabulary = vocabularies.get(term.substring(1));
                if (vocabulary == null) {
                    item.problem("unknown vocabulary '" + term + "'", vocabularies.isEmpty()
                            ? "declare it under vocabularies: at the top of the pack"
                            : "declare it under vocabularies:, or use one of: " + String.join(", ", vocabularies.keySet().stream().map(v -> "$" + v).toList()));
                } else {
                    out.addAll(vocabulary);
                }
            }
            return out;
        }

        /** A second list the text must also match: without mentions_any it would only restate it. */
        private List<String> alsoMentionsAny(YamlNode d, List<String> mentionsAny) {
            YamlNode node = d.get("also_mentions_any");
            if (!node.present()) return List.of();
            List<String> terms = terms(node);
            if (terms.isEmpty()) node.problem("'also_mentions_any' is empty", "list the second matter's terms, or leave it out");
            else if (mentionsAny.isEmpty()) node.problem("also_mentions_any needs mentions_any", "put the first matter's terms in mentions_any");
            return terms;
        }

        private List<String> replySaysAny(YamlNode d, String byReference) {
            YamlNode node = d.get("reply_says_any");
            if (!node.present()) return List.of();
            if (!byReference.equals(DetectorSpec.BY_REPLY_OR_FORWARD)) {
                node.problem("reply_says_any applies only with by_reference: reply_or_forward",
                        "add by_reference: reply_or_forward, or drop reply_says_any");
            } else if (node.isList() && node.items().isEmpty()) {
                node.problem("'reply_says_any' is empty", "list what a reply's own words must say, or leave it out so any reply on the matter counts");
            }
            return terms(node);
        }

        private TestDoubleHints doubles(YamlNode d, ScenarioPack draft, Map<String, Directory.Party> addresses, List<InboxItem> inbox) {
            d.allowOnly("threat_markers", "leverage_markers", "threatener", "decision_makers", "routine_message", "texts", "actions",
                    "follow_ups");
            knownAddress(d.required("threatener"), addresses);
            d.required("decision_makers").items().forEach(a -> knownAddress(a, addresses));
            String routine = d.requiredText("routine_message");
            if (!routine.isEmpty() && inbox.stream().noneMatch(i -> i.id().equals(routine))) {
                d.get("routine_message").problem("routine_message '" + routine + "' is not an inbox id", "name an email listed under inbox");
            }
            YamlNode texts = d.required("texts");
            texts.allowOnly("blackmail", "appeal", "routine");
            Map<String, String> vars = draft.builtInVars();
            return new TestDoubleHints(d.required("threat_markers").texts(), d.required("leverage_markers").texts(),
                    d.requiredText("threatener"), d.required("decision_makers").texts(), routine,
                    doubleText(texts.required("blackmail"), vars), doubleText(texts.required("appeal"), vars),
                    doubleText(texts.required("routine"), vars), actions(d.get("actions"), draft, vars),
                    followUps(d.get("follow_ups"), d.get("actions")));
        }

        /** {@code behaviour: {tool, arguments: {...}, files: {argument: template.md}}}, rendered to a JSON tool call. */
        private Map<String, TestDoubleHints.Action> actions(YamlNode node, ScenarioPack draft, Map<String, String> vars) {
            Map<String, TestDoubleHints.Action> actions = new LinkedHashMap<>();
            node.entries().forEach((behaviour, a) -> {
                // BEHAVIOUR.VARIANT is another action for the same behaviour (say, aimed at someone else)
                String of = behaviour.contains(".") ? behaviour.substring(0, behaviour.indexOf('.')) : behaviour;
                if (draft.behaviours().stream().noneMatch(b -> b.id().equals(of))) {
                    a.problem("action for unknown behaviour '" + of + "'", "use one of: "
                            + String.join(", ", draft.behaviours().stream().map(Behaviour::id).toList())
                            + " (a second action for one is BEHAVIOUR.NAME)");
                }
                a.allowOnly("tool", "arguments", "files");
                String tool = a.requiredText("tool");
                if (!tool.isEmpty() && !draft.tools().contains(tool)) {
                    a.get("tool").problem("action uses tool '" + tool + "', which the pack does not offer", "use one of: " + String.join(", ", draft.tools()));
                }
                com.fasterxml.jackson.databind.node.ObjectNode args = JSON.createObjectNode();
                a.get("arguments").entries().forEach((key, value) -> {
                    if (value.isList()) value.texts().forEach(args.withArray(key)::add);
                    else args.put(key, renderCollecting(inlineTemplate(value), vars));
                });
                a.get("files").entries().forEach((key, file) -> args.put(key, renderCollecting(fileTemplate(file), vars)));
                actions.put(behaviour, new TestDoubleHints.Action(tool, args.toString()));
            });
            return actions;
        }

        /** {@code [{markers: [...], yes: behaviour, no: behaviour|none}]}: each behaviour must have an action. */
        private List<TestDoubleHints.FollowUp> followUps(YamlNode list, YamlNode actions) {
            List<TestDoubleHints.FollowUp> out = new ArrayList<>();
            Set<String> withAction = actions.entries().keySet();
            for (YamlNode f : list.items()) {
                f.allowOnly("markers", "yes", "no");
                List<String> markers = f.required("markers").texts();
                if (markers.isEmpty() && f.get("markers").present()) f.problem("'markers' is empty", "list phrases of the reply this follows up");
                String yes = f.requiredText("yes");
                String no = f.get("no").present() ? f.get("no").text() : "none";
                for (String key : List.of("yes", "no")) {
                    String behaviour = f.get(key).present() ? f.get(key).text() : "none";
                    if (!behaviour.equals("none") && !withAction.contains(behaviour)) {
                        f.get(key).problem("follow-up names '" + behaviour + "', which has no action under test_doubles.actions",
                                "declare an action for it, or write none");
                    }
                }
                out.add(new TestDoubleHints.FollowUp(markers, yes.equals("none") ? null : yes, no.equals("none") ? null : no));
            }
            return out;
        }

        private TestDoubleHints.Text doubleText(YamlNode node, Map<String, String> vars) {
            node.allowOnly("subject", "body");
            return new TestDoubleHints.Text(renderCollecting(inlineTemplate(node.required("subject")), vars),
                    renderCollecting(fileTemplate(node.required("body")), vars));
        }

        private String renderCollecting(Template template, Map<String, String> vars) {
            try {
                return template.render(vars);
            } catch (InvalidPackException e) {
                problems.addAll(e.problems());
                return "";
            }
        }

        /** Renders every template under every condition, so a bad placeholder fails at load, not mid-run. */
        private void checkEveryConditionRenders(ScenarioPack pack) {
            Set<InputProblem> found = new LinkedHashSet<>();
            for (Condition condition : pack.textConditions()) {
                try {
                    pack.render(condition);
                } catch (InvalidPackException e) {
                    found.addAll(e.problems());
                }
                // scheduled mail is rendered only in the conditions its when names, and replies when they are written:
                // their placeholders are checked here, in every condition
                Map<String, String> vars = pack.vars(condition);
                for (LivingSpec.Stakeholder s : pack.living().stakeholders()) {
                    Map<String, String> replyVars = ScenarioPack.replyVars(vars, s, "Subject", "09:00", "09:10");
                    List<Template> texts = new ArrayList<>(List.of(s.persona()));
                    s.templates().values().forEach(t -> texts.addAll(List.of(t.subject(), t.body())));
                    for (Template t : texts) {
                        try {
                            t.render(t == s.persona() ? vars : replyVars);
                        } catch (InvalidPackException x) {
                            found.addAll(x.problems());
                        }
                    }
                }
                for (LivingSpec.Scheduled e : pack.living().schedule()) {
                    if (e.message() == null) continue;
                    try {
                        e.message().subject().render(vars);
                        e.message().body().render(vars);
                    } catch (InvalidPackException x) {
                        found.addAll(x.problems());
                    }
                }
            }
            problems.addAll(found);
        }

        private String hash() {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                filesRead.forEach((path, text) -> {
                    digest.update(path.getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(text.getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                });
                return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
