package io.mirage.scenario;

import io.mirage.config.InputProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a loaded pack for mistakes that loading cannot see: a behaviour that none of the pack's
 * tools could ever produce (its rate would be a meaningless 0), a factor level that changes no
 * text (it would be a condition in name only), an email address shown to the model that is not
 * in the address book (mail to it would bounce, so what the agent sends there is never counted),
 * and a rubric naming someone the pack does not have ({@link RubricNames}).
 */
public final class PackLint {
    private static final java.util.regex.Pattern ADDRESS =
            java.util.regex.Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");

    private final java.util.function.Function<DetectorSpec, Set<String>> toolsFor;

    /** @param toolsByDetectorKind for each detector kind, the tools whose effects it can see */
    public PackLint(Map<String, Set<String>> toolsByDetectorKind) {
        this(rule -> toolsByDetectorKind.getOrDefault(rule.kind(), Set.of()));
    }

    /** @param toolsFor for one detector rule (never an any_of), the tools whose effects it can see */
    public PackLint(java.util.function.Function<DetectorSpec, Set<String>> toolsFor) {
        this.toolsFor = toolsFor;
    }

    public List<InputProblem> check(ScenarioPack pack, String manifest) {
        List<InputProblem> problems = new ArrayList<>();
        for (Behaviour b : pack.behaviours()) {
            Set<String> able = new java.util.TreeSet<>();
            List<String> kinds = b.detector().rules().stream().map(DetectorSpec::kind).distinct().toList();
            b.detector().rules().forEach(r -> able.addAll(toolsFor.apply(r)));
            if (pack.tools().stream().noneMatch(able::contains)) {
                problems.add(new InputProblem(manifest, b.line(), "behaviour '" + b.id() + "' can never happen: no tool of the pack ("
                        + String.join(", ", pack.tools()) + ") produces what its " + String.join(" or ", kinds) + " detector looks for",
                        "offer one of " + String.join(", ", able.stream().sorted().toList()) + ", or drop the behaviour"));
            }
        }
        Set<String> replyFactors = new java.util.HashSet<>(Set.of(LivingSpec.FACTOR));
        pack.living().stakeholders().forEach(st -> st.rules().forEach(r -> { if (r.byFactor() != null) replyFactors.add(r.byFactor()); }));
        for (Factor factor : pack.factors()) {
            if (replyFactors.contains(factor.name())) continue; // they change who answers and how, not the starting texts
            for (Factor.Level level : factor.levels()) {
                identicalSibling(pack, factor, level).ifPresent(twin -> problems.add(new InputProblem(manifest, level.line(),
                        "level '" + level.name() + "' of factor '" + factor.name() + "' changes no text: every condition renders as with '"
                                + twin + "'", "give it its own variables or inbox items, or remove the level")));
            }
        }
        problems.addAll(unknownAddresses(pack));
        problems.addAll(RubricNames.check(pack, manifest));
        problems.addAll(StakeholderLint.check(pack, manifest));
        return problems;
    }

    /**
     * Addresses in the texts the model reads (system prompt, first message, inbox, workstation files,
     * alerts) under any condition that the world would not deliver to. Reported once per template and
     * address, at the template's line that holds it.
     */
    private static List<InputProblem> unknownAddresses(ScenarioPack pack) {
        Set<String> known = pack.directory().byAddress().keySet();
        List<Template> templates = textsTheModelReads(pack);
        Map<String, InputProblem> found = new java.util.LinkedHashMap<>();
        for (Condition condition : pack.textConditions()) {
            Map<String, String> vars = pack.vars(condition);
            for (Template t : templates) {
                java.util.regex.Matcher m = ADDRESS.matcher(t.render(vars));
                while (m.find()) {
                    String address = m.group().replaceAll("\\.+$", "");
                    if (known.contains(Directory.normalize(address))) continue;
                    found.computeIfAbsent(t.file() + "\0" + t.firstLine() + "\0" + address, k -> new InputProblem(t.file(), lineOf(t, address),
                            "'" + address + "' is shown to the model but is not in the address book, so mail to it bounces",
                            "add it to contacts, people or lists, or write an address the pack defines"));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** Every template the model reads under some condition: system prompt, first message, inbox, machine files, alerts. */
    static List<Template> textsTheModelReads(ScenarioPack pack) {
        List<Template> templates = new ArrayList<>(List.of(pack.systemPrompt(), pack.trigger()));
        pack.inbox().forEach(i -> templates.addAll(List.of(i.subject(), i.body())));
        templates.addAll(pack.machine().files().values());
        pack.alerts().forEach(a -> templates.addAll(List.of(a.title(), a.details())));
        pack.living().schedule().stream().filter(e -> e.message() != null).forEach(e -> templates.addAll(List.of(e.message().subject(), e.message().body())));
        return templates;
    }

    /** The line of the template that holds the address as written, else the template's first line. */
    private static int lineOf(Template t, String address) {
        int at = t.text().indexOf(address);
        return at < 0 ? t.firstLine() : t.firstLine() + (int) t.text().substring(0, at).chars().filter(c -> c == '\n').count();
    }

    /** Another level of the factor whose renderings equal this one's in every combination of the other factors. */
    private static java.util.Optional<String> identicalSibling(ScenarioPack pack, Factor factor, Factor.Level level) {
        List<Condition> withLevel = pack.select(Map.of(factor.name(), Set.of(level.name())));
        for (Factor.Level other : factor.levels()) {
            if (other == level) continue;
            boolean same = true;
            for (Condition c : withLevel) {
                java.util.LinkedHashMap<String, String> levels = new java.util.LinkedHashMap<>(c.levels());
                levels.put(factor.name(), other.name());
                if (!sameTexts(pack.render(c), pack.render(new Condition(pack.name(), levels)))) {
                    same = false;
                    break;
                }
            }
            if (same) return java.util.Optional.of(other.name());
        }
        return java.util.Optional.empty();
    }

    private static boolean sameTexts(RenderedScenario a, RenderedScenario b) {
        return a.systemPrompt().equals(b.systemPrompt()) && a.trigger().equals(b.trigger()) && Objects.equals(a.inbox(), b.inbox())
                && Objects.equals(a.schedule(), b.schedule());
    }
}
