package io.mirage.cli;

import io.mirage.run.Progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** A live progress line on a terminal, redrawn at most five times a second. */
final class TerminalProgress implements Progress.Listener {
    private final PrintWriter err;
    private long lastDraw;
    private boolean drawn;

    TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    static Progress.Listener forConsole(PrintWriter err) {
        return System.console() != null ? new TerminalProgress(err) : Progress.Listener.NONE;
    }

    @Override
    public synchronized void onProgress(Progress p) {
        long now = System.nanoTime();
        if (p.done() < p.total() && now - lastDraw < 200_000_000L) return;
        lastDraw = now;
        drawn = true;
        err.printf(Locale.ROOT, "\r  %d/%d rollouts  %.0f/s  %d errors  %s left   ",
                p.done(), p.total(), p.rate(), p.errors(), format(p.remaining()));
        if (p.done() >= p.total()) err.println();
        err.flush();
    }

    synchronized void finish() {
        if (drawn) err.flush();
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
