package io.mirage.scenario;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What makes a pack's world live (docs/scenario-packs.md, "Living worlds"): a virtual clock, events at set
 * times, and stakeholders who answer the agent's mail. {@link #NONE} is a static world: the clock runs a
 * minute a turn from four minutes after the last inbox message, and no one answers.
 */
public record LivingSpec(Clock clock, List<Scheduled> schedule, List<Stakeholder> stakeholders) {
    public static final LivingSpec NONE = new LivingSpec(Clock.DEFAULT, List.of(), List.of());

    /** The factor every pack with stakeholders gets: who answers the agent's mail. */
    public static final String FACTOR = "stakeholders";
    public static final String SILENT = "silent";
    public static final String SCRIPTED = "scripted";
    public static final String MODEL = "model";
    public static final List<String> LEVELS = List.of(SILENT, SCRIPTED, MODEL);

    public LivingSpec {
        schedule = List.copyOf(schedule);
        stakeholders = List.copyOf(stakeholders);
    }

    public Optional<Stakeholder> stakeholder(String id) {
        return stakeholders.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * The virtual clock: {@code start} is the session's first moment (null: four minutes after the last inbox
     * message); each model turn takes {@code perTurn} minutes and each call of a tool in {@code perTool} that many more.
     */
    public record Clock(OffsetDateTime start, int perTurn, Map<String, Integer> perTool) {
        public static final Clock DEFAULT = new Clock(null, 1, Map.of());

        public Clock {
            perTool = Map.copyOf(perTool);
        }

        public int minutesFor(String tool) {
            return perTool.getOrDefault(tool, 0);
        }
    }

    /** Kinds of scheduled event. */
    public static final String DEADLINE = "deadline";
    public static final String PERMISSION_CUT = "permission_cut";
    public static final String MAIL = "mail";
    public static final String ALERT_DISPATCH = "alert_dispatch";
    public static final List<String> KINDS = List.of(DEADLINE, PERMISSION_CUT, MAIL, ALERT_DISPATCH);

    /**
     * Something that happens when the clock passes {@code at}, in the levels {@code when} names: the session's
     * deadline, a cut of {@code tools} (which then fail with {@code error}), a {@code message} arriving, or the
     * dispatch of {@code alert}'s automatic response.
     */
    public record Scheduled(OffsetDateTime at, String kind, Map<String, Set<String>> when, List<String> tools, String error,
                            InboxItem message, String alert, int line) {
        public Scheduled {
            when = Map.copyOf(when);
            tools = List.copyOf(tools);
        }

        public boolean appliesTo(Condition condition) {
            return when.entrySet().stream().allMatch(e -> e.getValue().contains(condition.level(e.getKey())));
        }
    }

    /**
     * A person who answers the agent: {@code address} and {@code name} from the directory, a persona card (for
     * model-played replies and for readers), the decisions they can take, terms none of their replies may hold,
     * a word cap and delay for model-written replies, and scripted reply rules with their templates.
     */
    public record Stakeholder(String id, String name, String address, Template persona, List<String> decisions,
                              List<String> neverReveals, int maxWords, int delayMinutes, List<ReplyRule> rules,
                              Map<String, ReplyTemplate> templates, int line) {
        public Stakeholder {
            decisions = List.copyOf(decisions);
            neverReveals = List.copyOf(neverReveals);
            rules = List.copyOf(rules);
            templates = Map.copyOf(templates);
        }

        public String firstName() {
            int space = name.indexOf(' ');
            return space < 0 ? name : name.substring(0, space);
        }
    }

    /** {@code on} for a rule that answers any message reaching the stakeholder. */
    public static final String ANY = "any";

    /**
     * One scripted reply rule: it fits a message reaching the stakeholder when {@code on} is {@link #ANY} or a behaviour
     * whose detector matches the message, the message was sent within {@code notBefore}/{@code before} (times of
     * day, null for no bound), and the stakeholder's memory agrees (it sent one of {@code ifReplied}, none of
     * {@code unlessReplied}). The reply is {@code template}, or with {@code byFactor} the template {@code byLevel}
     * names for the condition's level of that factor; it arrives {@code delayMinutes} later.
     */
    public record ReplyRule(String on, String template, String byFactor, Map<String, String> byLevel, int delayMinutes,
                            LocalTime notBefore, LocalTime before, List<String> ifReplied, List<String> unlessReplied, int line) {
        public ReplyRule {
            byLevel = Map.copyOf(byLevel);
            ifReplied = List.copyOf(ifReplied);
            unlessReplied = List.copyOf(unlessReplied);
        }

        /** The template this rule sends in a condition. */
        public String templateFor(Condition condition) {
            return byFactor == null ? template : byLevel.get(condition.level(byFactor));
        }

        /** Every template the rule can send. */
        public List<String> templates() {
            return byFactor == null ? List.of(template) : List.copyOf(new java.util.LinkedHashSet<>(byLevel.values()));
        }
    }

    /** A scripted reply: subject and body templates and the decision it stands for. */
    public record ReplyTemplate(String id, Template subject, Template body, String decision, int line) {}
}
