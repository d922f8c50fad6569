package io.mirage.cli;

import io.mirage.model.resilience.ModelWait;
import io.mirage.run.Progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A live progress line on a terminal, redrawn at most five times a second as rollouts finish and at once when a
 * call starts or stops waiting, so retries, rate-limit waits and an open circuit breaker show while they last.
 */
final class TerminalProgress implements Progress.Listener {
    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final List<Active> waits = new ArrayList<>();
    private Progress last;
    private int retries;
    private long lastDraw;
    private int lastLength;
    private boolean drawn;
    private boolean ended;

    /** A wait under way, and when it began. */
    record Active(ModelWait modelWait, long startedNanos) {
        Duration left(long now) {
            Duration left = modelWait.length().minusNanos(now - startedNanos);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    TerminalProgress(PrintWriter err) {
        this(err, System::nanoTime);
    }

    TerminalProgress(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.lastDraw = nanoTime.getAsLong() - 1_000_000_000L;
    }

    static Progress.Listener forConsole(PrintWriter err) {
        return System.console() != null ? new TerminalProgress(err) : Progress.Listener.NONE;
    }

    @Override
    public synchronized void onProgress(Progress p) {
        last = p;
        long now = nanoTime.getAsLong();
        if (p.done() < p.total() && now - lastDraw < 200_000_000L) return;
        draw(now);
    }

    @Override
    public synchronized void waitStarted(ModelWait wait) {
        if (wait.kind() == ModelWait.Kind.RETRY) retries++;
        long now = nanoTime.getAsLong();
        waits.add(new Active(wait, now));
        draw(now);
    }

    @Override
    public synchronized void waitEnded(ModelWait wait) {
        for (int i = 0; i < waits.size(); i++) {
            if (waits.get(i).modelWait().equals(wait)) {
                waits.remove(i);
                break;
            }
        }
        draw(nanoTime.getAsLong());
    }

    private void draw(long now) {
        if (ended) return;
        lastDraw = now;
        drawn = true;
        String line = line(last, retries, waits, now);
        // Pad over what a longer previous line left behind.
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
        if (last != null && last.done() >= last.total()) {
            err.println();
            ended = true;
        }
        err.flush();
    }

    synchronized void finish() {
        if (drawn) err.flush();
    }

    /** The progress line: counts and rate, then the retries so far and the waits under way. */
    static String line(Progress p, int retries, List<Active> waits, long now) {
        StringBuilder sb = new StringBuilder(p == null ? "  starting"
                : String.format(Locale.ROOT, "  %d/%d rollouts  %.0f/s  %d errors  %s left", p.done(), p.total(), p.rate(), p.errors(),
                format(p.remaining())));
        if (retries > 0) sb.append(String.format(Locale.ROOT, "  %d %s", retries, retries == 1 ? "retry" : "retries"));
        List<Active> retrying = of(waits, ModelWait.Kind.RETRY);
        if (!retrying.isEmpty()) {
            Duration next = retrying.stream().map(a -> a.left(now)).min(Duration::compareTo).orElseThrow();
            sb.append(String.format(Locale.ROOT, "  · %s backing off to retry%s, next in %s", calls(retrying.size()), models(retrying),
                    format(next)));
        }
        List<Active> limited = of(waits, ModelWait.Kind.RATE_LIMIT);
        if (!limited.isEmpty()) sb.append("  · ").append(calls(limited.size())).append(" waiting for a rate limit").append(models(limited));
        for (String model : waits.stream().filter(a -> a.modelWait().kind() == ModelWait.Kind.CIRCUIT_OPEN).map(a -> a.modelWait().model()).distinct().toList()) {
            Duration left = waits.stream().filter(a -> a.modelWait().kind() == ModelWait.Kind.CIRCUIT_OPEN && a.modelWait().model().equals(model))
                    .map(a -> a.left(now)).max(Duration::compareTo).orElseThrow();
            sb.append("  · circuit open for ").append(model).append(" after repeated failures: calls paused, ").append(format(left)).append(" more");
        }
        return sb.toString();
    }

    private static List<Active> of(List<Active> waits, ModelWait.Kind kind) {
        return waits.stream().filter(a -> a.modelWait().kind() == kind).toList();
    }

    private static String calls(int n) {
        return n + (n == 1 ? " call" : " calls");
    }

    /** " (model)" when the waits are all one model's. */
    private static String models(List<Active> waits) {
        List<String> models = waits.stream().map(a -> a.modelWait().model()).distinct().toList();
        return models.size() == 1 ? " (" + models.getFirst() + ")" : "";
    }

    private static String format(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
