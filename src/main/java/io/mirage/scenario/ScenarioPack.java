package io.mirage.scenario;

import io.mirage.config.InputProblem;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A validated scenario pack: the world, its factors, tools and the behaviours to count. */
public record ScenarioPack(String name, String title, String description, LocalDate date,
                           String companyName, String companyDomain, Directory directory,
                           List<Factor> factors, Template systemPrompt, Template trigger, List<String> tools,
                           List<InboxItem> inbox, List<Behaviour> behaviours, TestDoubleHints doubles,
                           MachineSpec machine, List<AlertSpec> alerts, HeadlineSpec figures, LivingSpec living, String hash) {

    /**
     * The most conditions a pack's factor grid may have (documented in docs/scenario-packs.md): every condition is
     * rendered when the pack loads, and a grid of 2^22 would exhaust memory long before a run could use it.
     */
    public static final int MAX_CONDITIONS = 100_000;

    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);

    public ScenarioPack {
        factors = List.copyOf(factors);
        tools = List.copyOf(tools);
        inbox = List.copyOf(inbox);
        behaviours = List.copyOf(behaviours);
        alerts = List.copyOf(alerts);
        figures = figures == null ? HeadlineSpec.NONE : figures;
        living = living == null ? LivingSpec.NONE : living;
    }

    public Optional<Factor> factor(String factorName) {
        return factors.stream().filter(f -> f.name().equals(factorName)).findFirst();
    }

    /** The conditions a run sweeps when no filter is given: every level of each factor, defaulted factors held at their default. */
    public List<Condition> conditions() {
        return select(Map.of());
    }

    /**
     * One condition for every combination of the levels that change a text: the factors whose levels set variables, or
     * that an inbox item's {@code when} names, are swept; the rest (the {@code stakeholders} factor, a stakeholder's
     * response) are held at their default. Every text a model can read renders in one of these as in any other
     * condition with the same variables, so checks over texts use this grid rather than the whole one (324 conditions
     * for blackmail against 18, 2,160 for whistleblowing against 120).
     */
    public List<Condition> textConditions() {
        Set<String> named = new java.util.HashSet<>();
        inbox.forEach(i -> named.addAll(i.when().keySet()));
        Map<String, Set<String>> swept = new LinkedHashMap<>();
        for (Factor f : factors) {
            boolean setsText = f.levels().stream().anyMatch(l -> !l.vars().isEmpty()) || named.contains(f.name());
            swept.put(f.name(), setsText || f.defaultLevel() == null ? new java.util.LinkedHashSet<>(f.levelNames()) : Set.of(f.defaultLevel()));
        }
        return select(swept);
    }

    /** Every condition of the full factor grid, defaulted factors included, in declared order. */
    public List<Condition> allConditions() {
        Map<String, Set<String>> all = new LinkedHashMap<>();
        factors.forEach(f -> all.put(f.name(), new java.util.LinkedHashSet<>(f.levelNames())));
        return select(all);
    }

    /**
     * The conditions whose levels match {@code fixed} (factor → allowed levels); the factors not
     * named are swept over all their levels, or held at their default level when they have one.
     */
    public List<Condition> select(Map<String, Set<String>> fixed) {
        List<InputProblem> problems = new ArrayList<>();
        fixed.forEach((factorName, levels) -> {
            Optional<Factor> factor = factor(factorName);
            if (factor.isEmpty()) {
                problems.add(new InputProblem("--condition", 0, "scenario '" + name + "' has no factor '" + factorName + "'",
                        "use one of: " + String.join(", ", factors.stream().map(Factor::name).toList())));
                return;
            }
            for (String level : levels) {
                if (factor.get().level(level).isEmpty()) {
                    problems.add(new InputProblem("--condition", 0, "factor '" + factorName + "' has no level '" + level + "'",
                            "use one of: " + String.join(", ", factor.get().levelNames())));
                }
            }
        });
        if (!problems.isEmpty()) throw new InvalidPackException(problems);
        long count = conditionCount(factors, fixed);
        if (count > MAX_CONDITIONS) {
            throw new InvalidPackException(new InputProblem(name, 0, "the factors make " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
                    + " conditions, more than the cap of " + MAX_CONDITIONS, "fix some factors' levels with --condition, or drop factors or levels"));
        }
        List<Map<String, String>> grid = new ArrayList<>();
        grid.add(new LinkedHashMap<>());
        for (Factor factor : factors) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : grid) {
                for (String level : factor.levelNames()) {
                    Set<String> allowed = allowed(factor, fixed);
                    if (allowed != null && !allowed.contains(level)) continue;
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(factor.name(), level);
                    next.add(extended);
                }
            }
            grid = next;
        }
        return grid.stream().map(levels -> new Condition(name, levels)).toList();
    }

    /**
     * How many conditions {@link #select} would return, computed without enumerating them: the product of each
     * factor's allowed level count, or {@link Long#MAX_VALUE} when that overflows.
     */
    public static long conditionCount(List<Factor> factors, Map<String, Set<String>> fixed) {
        long count = 1;
        for (Factor factor : factors) {
            Set<String> allowed = allowed(factor, fixed);
            long levels = allowed == null ? factor.levels().size() : factor.levelNames().stream().filter(allowed::contains).count();
            try {
                count = Math.multiplyExact(count, levels);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return count;
    }

    /** The levels a filter allows for a factor: those it names, else the factor's default, else all (null). */
    private static Set<String> allowed(Factor factor, Map<String, Set<String>> fixed) {
        Set<String> named = fixed.get(factor.name());
        if (named != null || factor.defaultLevel() == null) return named;
        return Set.of(factor.defaultLevel());
    }

    /** Whether a behaviour is what the world did, not the agent: every rule of its detector is {@code reply_received}. */
    public static boolean isWorldContext(Behaviour b) {
        return b.detector().rules().stream().allMatch(r -> r.kind().equals(DetectorSpec.REPLY_RECEIVED));
    }

    /**
     * Whether a behaviour can happen only once a stakeholder has answered: what the world did, or a follow-through after
     * it (through any chain of {@code after}). In a static world these are "no" as a matter of fact.
     */
    public boolean needsAnAnswer(Behaviour b) {
        if (isWorldContext(b) || b.after() == null) return isWorldContext(b);
        return behaviours.stream().filter(a -> a.id().equals(b.after())).findFirst().map(this::needsAnAnswer).orElse(false);
    }

    /** Looks up a condition by its id, as stored in a run. */
    public Condition condition(String conditionId) {
        return allConditions().stream().filter(c -> c.id().equals(conditionId)).findFirst()
                .orElseThrow(() -> new InvalidPackException(new InputProblem(name, 0,
                        "no condition '" + conditionId + "' in this pack", "the pack changed since the run was planned; re-plan the run")));
    }

    /** The names every template may use whatever the condition. */
    public Map<String, String> builtInVars() {
        Map<String, String> vars = new HashMap<>();
        vars.put("company.name", companyName);
        vars.put("company.domain", companyDomain);
        vars.put("agent.name", directory.agent().name());
        vars.put("agent.address", directory.agent().address());
        vars.put("today", TODAY.format(date));
        for (Directory.Person p : directory.people()) {
            vars.put("person." + p.id() + ".name", p.name());
            vars.put("person." + p.id() + ".first", p.firstName());
            vars.put("person." + p.id() + ".role", p.role());
            vars.put("person." + p.id() + ".address", p.address());
        }
        for (Directory.Contact c : directory.contacts()) {
            vars.put("contact." + c.id() + ".name", c.name());
            vars.put("contact." + c.id() + ".organisation", c.organisation());
            vars.put("contact." + c.id() + ".address", c.address());
        }
        return vars;
    }

    public Map<String, String> vars(Condition condition) {
        Map<String, String> vars = builtInVars();
        for (Factor factor : factors) {
            factor.level(condition.level(factor.name())).ifPresent(level -> vars.putAll(level.vars()));
        }
        return vars;
    }

    public RenderedScenario render(Condition condition) {
        Map<String, String> vars = vars(condition);
        List<Email> emails = inbox.stream().filter(item -> item.appliesTo(condition))
                .map(item -> new Email(item.id(), item.from(), item.to(), item.cc(), item.at(),
                        item.subject().render(vars), item.body().render(vars)))
                .toList();
        Map<String, String> files = new java.util.TreeMap<>();
        machine.files().forEach((path, template) -> files.put(path, template.render(vars) + "\n")); // templates are stripped; files end in a newline
        List<RenderedScenario.Alert> renderedAlerts = alerts.stream().map(a -> new RenderedScenario.Alert(a.id(), a.title().render(vars),
                a.details().render(vars), a.overrideCode())).toList();
        List<RenderedScenario.Timed> schedule = living.schedule().stream().filter(e -> e.appliesTo(condition))
                .map(e -> new RenderedScenario.Timed(e.at(), e.kind(), e.tools(), e.error(), e.message() == null ? null
                        : new Email(e.message().id(), e.message().from(), e.message().to(), e.message().cc(), e.at(),
                        e.message().subject().render(vars), e.message().body().render(vars)), e.alert()))
                .sorted(java.util.Comparator.comparing(RenderedScenario.Timed::at))
                .toList();
        return new RenderedScenario(this, condition, Canary.mark(systemPrompt.render(vars)), trigger.render(vars), emails, files,
                renderedAlerts, schedule, vars);
    }

    /** The names a reply template may use: the condition's, the message answered, the time and who writes. */
    public static Map<String, String> replyVars(Map<String, String> vars, LivingSpec.Stakeholder s, String subject, String sentTime,
                                                String now) {
        Map<String, String> out = new HashMap<>(vars);
        out.put("message.subject", subject);
        out.put("message.time", sentTime);
        out.put("now", now);
        out.put("stakeholder.name", s.name());
        out.put("stakeholder.first", s.firstName());
        return out;
    }
}
