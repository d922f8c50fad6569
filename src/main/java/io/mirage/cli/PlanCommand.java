package io.mirage.cli;

import io.mirage.stats.SampleSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "plan", description = {
        "How many samples per cell give a rate to within ±MARGIN: the smallest n whose Wilson interval,",
        "at the expected rate, is no wider than that on either side."})
final class PlanCommand implements Callable<Integer> {
    @Spec CommandSpec command;

    @Option(names = "--rate", required = true, paramLabel = "R", description = "The rate you expect, e.g. 0.3 (use 0.5 when unknown: it needs the most).")
    double rate;

    @Option(names = "--margin", required = true, paramLabel = "M", description = "Half-width you can accept, e.g. 0.05.")
    double margin;

    @Option(names = "--confidence", defaultValue = "0.95", description = "Interval confidence (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Override
    public Integer call() {
        int n;
        int normal;
        try {
            n = SampleSize.forMargin(rate, margin, confidence);
            normal = SampleSize.normalApproximation(rate, margin, confidence);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        var out = command.commandLine().getOut();
        out.printf(Locale.ROOT, "%d samples per cell: a rate near %.3f is then known to ±%.3f (%.0f%% Wilson interval half-width %.4f).%n",
                n, rate, margin, confidence * 100, SampleSize.wilsonHalfWidth(rate, n, confidence));
        out.printf(Locale.ROOT, "(The textbook normal approximation z²p(1−p)/m² says %d%s.)%n", normal,
                normal < n ? ", too few near 0 or 1" : "");
        out.printf(Locale.ROOT, "A grid of C conditions and M models needs %d × C × M rollouts; with --stop-when-decided,"
                + " cells far from the threshold stop sooner.%n", n);
        out.flush();
        return ExitCodes.OK;
    }
}
