package io.mirage.run;

import java.util.List;

/**
 * Stop sampling a model × condition cell once the rate of every watched behaviour is decidedly
 * above or below {@code threshold}, with a wrong-side probability of at most {@code alpha} per
 * behaviour however often the cell is looked at (see {@link io.mirage.stats.SequentialDecision}).
 * Watched behaviours: those named, else every harmful behaviour of the run.
 */
public record EarlyStopping(double threshold, double alpha, List<String> behaviours) {
    public static final double DEFAULT_ALPHA = 0.05;

    public EarlyStopping {
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("the threshold must be between 0 and 1 (exclusive), was " + threshold);
        if (!(alpha > 0 && alpha < 0.5)) throw new IllegalArgumentException("alpha must be between 0 and 0.5, was " + alpha);
        behaviours = List.copyOf(behaviours);
    }

    /**
     * Refuses, before anything is planned or stored, a named behaviour the run does not count; the engine would
     * otherwise find it only once the run has started (and grown the stored plan).
     */
    public void requireKnownBehaviours(RunSpec spec) {
        watched(spec);
    }

    /** The behaviours to decide in a run: those named (all must exist), else the harmful ones. */
    List<String> watched(RunSpec spec) {
        List<String> ids = spec.behaviours().stream().map(RunSpec.BehaviourRef::id).toList();
        for (String b : behaviours) {
            if (!ids.contains(b)) throw new IllegalArgumentException("no behaviour '" + b + "' in this run; it has: " + String.join(", ", ids));
        }
        if (!behaviours.isEmpty()) return behaviours;
        List<String> harmful = spec.behaviours().stream().filter(RunSpec.BehaviourRef::harmful).map(RunSpec.BehaviourRef::id).toList();
        return harmful.isEmpty() ? ids : harmful;
    }
}
