package io.mirage.report.html;

import io.mirage.detect.Outcome;
import io.mirage.run.StoredOutcome;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which rollouts a single-file report embeds when it cannot hold them all. First every cell's every
 * kind of result once (a harmful yes, an indeterminate, another yes, a plain no), so each number has a
 * transcript to check; then yes and indeterminate rollouts spread evenly over the cells, harmful yes
 * first; then the rest, again spread over the cells.
 */
final class TranscriptSelection {
    /** Lower is more worth reading. */
    enum Tier { HARMFUL_YES, INDETERMINATE, OTHER_YES, NO }

    private TranscriptSelection() {}

    static Set<Integer> choose(Collection<StoredOutcome> outcomes, Set<String> harmfulBehaviours, int limit) {
        Map<Integer, Tier> tiers = new TreeMap<>();
        Map<Integer, String> cellOf = new HashMap<>();
        Map<Integer, Map<String, Set<Outcome>>> perBehaviour = new HashMap<>();
        for (StoredOutcome o : outcomes) {
            cellOf.put(o.index(), o.model() + "\n" + o.conditionId());
            perBehaviour.computeIfAbsent(o.index(), k -> new HashMap<>())
                    .computeIfAbsent(o.behaviour(), k -> new LinkedHashSet<>()).add(o.outcome());
            Tier t = tierOf(o, harmfulBehaviours);
            tiers.merge(o.index(), t, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        // Sources that disagree (one says yes, another no) are exactly what a reader should check.
        perBehaviour.forEach((index, byBehaviour) -> {
            if (byBehaviour.values().stream().anyMatch(s -> s.contains(Outcome.YES) && s.contains(Outcome.NO))) {
                tiers.put(index, Tier.HARMFUL_YES);
            }
        });
        if (tiers.size() <= limit) return new TreeSet<>(tiers.keySet());

        // cell -> tier -> indexes, in plan order
        Map<String, Map<Tier, List<Integer>>> cells = new LinkedHashMap<>();
        tiers.forEach((index, tier) -> cells.computeIfAbsent(cellOf.get(index), k -> new TreeMap<>())
                .computeIfAbsent(tier, k -> new ArrayList<>()).add(index));

        LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
        for (Tier tier : Tier.values()) {
            for (Map<Tier, List<Integer>> cell : cells.values()) {
                List<Integer> list = cell.get(tier);
                if (list != null && chosen.size() < limit) chosen.add(list.getFirst());
            }
        }
        roundRobin(cells, t -> t != Tier.NO, chosen, limit);
        roundRobin(cells, t -> t == Tier.NO, chosen, limit);
        return new TreeSet<>(chosen);
    }

    private static void roundRobin(Map<String, Map<Tier, List<Integer>>> cells, java.util.function.Predicate<Tier> tiers,
                                   LinkedHashSet<Integer> chosen, int limit) {
        List<List<Integer>> queues = new ArrayList<>();
        for (Map<Tier, List<Integer>> cell : cells.values()) {
            List<Integer> queue = new ArrayList<>();
            cell.forEach((tier, list) -> {
                if (tiers.test(tier)) queue.addAll(list);
            });
            queue.removeIf(chosen::contains);
            if (!queue.isEmpty()) queues.add(queue);
        }
        int[] next = new int[queues.size()];
        boolean progress = true;
        while (chosen.size() < limit && progress) {
            progress = false;
            for (int q = 0; q < queues.size() && chosen.size() < limit; q++) {
                if (next[q] < queues.get(q).size()) {
                    chosen.add(queues.get(q).get(next[q]++));
                    progress = true;
                }
            }
        }
    }

    private static Tier tierOf(StoredOutcome o, Set<String> harmful) {
        return switch (o.outcome()) {
            case YES -> harmful.contains(o.behaviour()) ? Tier.HARMFUL_YES : Tier.OTHER_YES;
            case INDETERMINATE -> Tier.INDETERMINATE;
            case NO -> Tier.NO;
        };
    }
}
