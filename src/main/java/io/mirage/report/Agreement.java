package io.mirage.report;

import io.mirage.detect.Outcome;
import io.mirage.run.StoredOutcome;
import io.mirage.stats.ConfusionMatrix;
import io.mirage.stats.Interval;
import io.mirage.stats.KappaEstimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How far two verdict sources agree on each behaviour, over the rollouts both decided (yes or no):
 * the confusion matrix, Cohen's kappa and PABAK. Rollouts either source left indeterminate are counted
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

    /**
     * What the kappa and PABAK columns mean, for the text report's footnote and the HTML pages; the bootstrap and its
     * rule are {@link KappaEstimate}'s.
     */
    public static final String NOTE = "Kappa (κ) is Cohen's (1 = perfect agreement, 0 = chance level), with a 95% percentile"
            + " bootstrap interval (" + KappaEstimate.RESAMPLES + " resamples, fixed seed); \"undefined\" where both sources gave"
            + " one answer to everything. Its interval is undefined where the sources never disagree or a source gave one of its"
            + " answers fewer than " + KappaEstimate.MIN_ANSWERS + " times: there resampling cannot vary, or varies too little to"
            + " trust. PABAK = 2 × agreement − 1 (Byrt, Bishop & Carlin 1993) does not sink when one answer is rare, as kappa"
            + " does; its interval is exact (Clopper–Pearson on the agreement).";

    /** "0.65 [0.52, 0.78]"; "1.00 (interval undefined)" where the bootstrap cannot vary; "undefined" where kappa is. */
    public static String kappaText(ConfusionMatrix m) {
        return kappaText(m.kappa(0.95));
    }

    /** {@link #kappaText(ConfusionMatrix)} of an estimate already made (the bootstrap is not free). */
    public static String kappaText(KappaEstimate k) {
        if (!k.defined()) return "undefined";
        if (k.interval() == null) return String.format(Locale.ROOT, "%.2f (interval undefined)", k.estimate());
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", k.estimate(), k.interval().lower(), k.interval().upper());
    }

    /** "0.96 [0.86, 0.99]", or "undefined" for an empty table. */
    public static String pabakText(ConfusionMatrix m) {
        if (m.total() == 0) return "undefined";
        Interval i = m.pabakInterval(0.95);
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", m.pabak(), i.lower(), i.upper());
    }

    /** One line per behaviour: both-yes, A-only, B-only, both-no, agreement, kappa and PABAK. */
    public static String text(List<Agreement> agreements) {
        if (agreements.isEmpty()) return "";
        Agreement first = agreements.getFirst();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nAgreement of %s (A) with %s (B), over rollouts both decided:%n",
                first.sourceA(), first.sourceB()));
        String row = "  %-24s %8s %8s %8s %8s %10s %25s %18s %10s%n";
        sb.append(String.format(Locale.ROOT, row, "behaviour", "both yes", "A only", "B only", "both no", "agreement", "kappa [95% CI]",
                "PABAK [95% CI]", "undecided"));
        for (Agreement g : agreements) {
            ConfusionMatrix m = g.matrix();
            sb.append(String.format(Locale.ROOT, row, g.behaviour(), m.yesYes(), m.yesNo(), m.noYes(), m.noNo(),
                    m.total() == 0 ? "undefined" : String.format(Locale.ROOT, "%.3f", m.observedAgreement()), kappaText(m), pabakText(m),
                    g.undecided()));
        }
        sb.append(wrap(NOTE));
        return sb.toString();
    }

    /** The note as indented lines of at most about 110 characters. */
    private static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder("  ");
        for (String word : text.split(" ")) {
            if (line.length() + word.length() > 110) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder("  ");
            }
            line.append(word).append(' ');
        }
        return out.append(line.toString().stripTrailing()).append('\n').toString();
    }
}
