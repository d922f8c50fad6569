package io.mirage.cli;

import io.mirage.run.EarlyStopping;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The flags that turn on early stopping, shared by run and resume. */
final class EarlyStoppingOptions {
    @Option(names = "--stop-when-decided",
            description = "Stop sampling a cell once each watched behaviour's rate is decidedly above or below --threshold "
                    + "(error rate at most --alpha per behaviour, valid under continuous peeking); --samples is the cap.")
    boolean enabled;

    @Option(names = "--threshold", paramLabel = "T", description = "The rate to decide against, e.g. 0.1.")
    Double threshold;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "A",
            description = "Largest probability of deciding the wrong side, per behaviour and cell (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--decide-on", paramLabel = "BEHAVIOUR", description = "Behaviour to decide (repeatable; default: every harmful one).")
    List<String> behaviours = new ArrayList<>();

    /** The rule, or null when early stopping is off. */
    EarlyStopping rule() {
        if (!enabled) {
            if (threshold != null || !behaviours.isEmpty()) throw new UsageException("--threshold and --decide-on need --stop-when-decided");
            return null;
        }
        if (threshold == null) throw new UsageException("--stop-when-decided needs --threshold T, the rate to decide against (e.g. 0.1)");
        try {
            return new EarlyStopping(threshold, alpha, behaviours);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
