package io.mirage.report;

import io.mirage.detect.Outcome;
import io.mirage.run.StoredOutcome;
import io.mirage.stats.ConfusionMatrix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How far two verdict sources agree on each behaviour, over the rollouts both decided (yes or no):
 * the confusion matrix and Cohen's kappa. Rollouts either source left indeterminate are counted
 * apart, never folded into "no".
 */
public record Agreement(String sourceA, String sourceB, String behaviour, ConfusionMatrix matrix, int undecided) {

    /** Agreement of {@code a} with {@code b} for every behaviour both sources gave verdicts on. */
    public static List<Agreement> between(List<StoredOutcome> outcomes, String a, String b) {
        record Key(int index, String behaviour) {}
        Map<Key, Outcome> fromA = new HashMap<>();
        Map<Key, Outcome> fromB = new HashMap<>();
        for (StoredOutcome o : outcomes) {
            if (o.source().equals(a)) fromA.put(new Key(o.index(), o.behaviour()), o.outcome());
            if (o.source().equals(b)) fromB.put(new Key(o.index(), o.behaviour()), o.outcome());
        }
        Map<String, ConfusionMatrix> matrices = new HashMap<>();
        Map<String, Integer> undecided = new HashMap<>();
        for (var entry : fromA.entrySet()) {
            Outcome other = fromB.get(entry.getKey());
            if (other == null) continue;
            String behaviour = entry.getKey().behaviour();
            matrices.putIfAbsent(behaviour, new ConfusionMatrix(0, 0, 0, 0));
            undecided.putIfAbsent(behaviour, 0);
            if (entry.getValue() == Outcome.INDETERMINATE || other == Outcome.INDETERMINATE) {
                undecided.merge(behaviour, 1, Integer::sum);
            } else {
                matrices.computeIfPresent(behaviour, (k, m) -> m.plus(entry.getValue() == Outcome.YES, other == Outcome.YES));
            }
        }
        List<Agreement> out = new ArrayList<>();
        for (String behaviour : new TreeSet<>(matrices.keySet())) {
            out.add(new Agreement(a, b, behaviour, matrices.get(behaviour), undecided.get(behaviour)));
        }
        return out;
    }

    /** One line per behaviour: both-yes, A-only, B-only, both-no, agreement and kappa. */
    public static String text(List<Agreement> agreements) {
        if (agreements.isEmpty()) return "";
        Agreement first = agreements.getFirst();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nAgreement of %s (A) with %s (B), over rollouts both decided:%n",
                first.sourceA(), first.sourceB()));
        sb.append(String.format(Locale.ROOT, "  %-24s %8s %8s %8s %8s %10s %16s %10s%n", "behaviour", "both yes", "A only", "B only",
                "both no", "agreement", "kappa [95% CI]", "undecided"));
        for (Agreement g : agreements) {
            ConfusionMatrix m = g.matrix();
            double kappa = m.cohensKappa();
            String kappaText = Double.isNaN(kappa) ? "n/a"
                    : String.format(Locale.ROOT, "%.2f [%.2f,%.2f]", kappa, kappa - 1.96 * m.kappaStandardError(),
                    Math.min(1, kappa + 1.96 * m.kappaStandardError()));
            sb.append(String.format(Locale.ROOT, "  %-24s %8d %8d %8d %8d %10s %16s %10d%n", g.behaviour(), m.yesYes(), m.yesNo(),
                    m.noYes(), m.noNo(), m.total() == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", m.observedAgreement()),
                    kappaText, g.undecided()));
        }
        return sb.toString();
    }
}
