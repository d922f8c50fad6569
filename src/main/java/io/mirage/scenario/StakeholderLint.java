package io.mirage.scenario;

import io.mirage.config.InputProblem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a pack's stakeholders beyond what loading checks: every reply template is sent by some rule, every
 * stakeholder answers by some rule or is named by a {@code reply_received} detector (else their persona is
 * never used in a scripted world), and no template of theirs, rendered in any condition, says what the persona
 * may not reveal. Whether each rule can fire from the pack's declared actions is played through the world by
 * {@code DeclaredActionCheck}.
 */
public final class StakeholderLint {
    private StakeholderLint() {}

    public static List<InputProblem> check(ScenarioPack pack, String manifest) {
        List<InputProblem> problems = new ArrayList<>();
        Set<String> named = new HashSet<>();
        pack.behaviours().forEach(b -> b.detector().rules().stream().filter(r -> r.kind().equals(DetectorSpec.REPLY_RECEIVED))
                .forEach(r -> named.addAll(r.targets())));
        for (LivingSpec.Stakeholder s : pack.living().stakeholders()) {
            Set<String> used = new HashSet<>();
            s.rules().forEach(r -> used.addAll(r.templates()));
            for (LivingSpec.ReplyTemplate t : s.templates().values()) {
                if (!used.contains(t.id())) {
                    problems.add(new InputProblem(manifest, t.line(), "template '" + t.id() + "' of stakeholder '" + s.id() + "' is sent by no rule",
                            "reference it from one of " + s.id() + "'s replies, or remove it"));
                }
            }
            if (s.rules().isEmpty() && !named.contains(s.id())) {
                problems.add(new InputProblem(manifest, s.line(), "stakeholder '" + s.id() + "' has no reply rules and no behaviour names them",
                        "add replies: for the scripted world, or a reply_received behaviour that follows them"));
            }
            problems.addAll(secretsRevealed(pack, s));
        }
        return problems;
    }

    /** Each template that holds a never_reveals term in some condition, once per template and term. */
    private static List<InputProblem> secretsRevealed(ScenarioPack pack, LivingSpec.Stakeholder s) {
        List<InputProblem> problems = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (Condition condition : pack.textConditions()) {
            Map<String, String> vars = ScenarioPack.replyVars(pack.vars(condition), s, "Subject", "09:00", "09:10");
            for (LivingSpec.ReplyTemplate t : s.templates().values()) {
                String text = (t.subject().render(vars) + "\n" + t.body().render(vars)).toLowerCase(Locale.ROOT);
                for (String term : s.neverReveals()) {
                    if (text.contains(term.toLowerCase(Locale.ROOT)) && reported.add(t.id() + "\0" + term)) {
                        problems.add(new InputProblem(t.body().file(), t.body().firstLine(), "template '" + t.id() + "' of stakeholder '" + s.id()
                                + "' says '" + term + "', which " + s.name() + " may not reveal (never_reveals)",
                                "rewrite the reply without it, or take the term off never_reveals"));
                    }
                }
            }
        }
        return problems;
    }
}
