package io.mirage.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Ctrl-C while a run works: the first press exits through the shutdown hooks, which store what
 * finishes in the next seconds; a second press stops at once. The JVM alone cannot do the second:
 * once it is shutting down, another SIGINT is not delivered to anything, so the hooks' wait would
 * have to run out.
 */
final class Interrupts implements AutoCloseable {
    /** The exit code of a process ended by SIGINT (128 + 2), as the JVM's own handler gives. */
    static final int EXIT_ON_INTERRUPT = 130;

    private final Signal signal;
    private final SignalHandler previous;

    private Interrupts(Signal signal, SignalHandler previous) {
        this.signal = signal;
        this.previous = previous;
    }

    /**
     * Handles SIGINT until closed: the first press exits normally (running the shutdown hooks), a
     * second one prints {@code lost} and halts. Where SIGINT cannot be handled (e.g. the JVM runs
     * with -Xrs), nothing changes.
     */
    static Interrupts secondPressHalts(Supplier<String> lost, PrintWriter err) {
        AtomicBoolean pressed = new AtomicBoolean();
        Signal signal = new Signal("INT");
        SignalHandler handler = s -> {
            if (pressed.compareAndSet(false, true)) {
                // a thread of its own: the signal thread stays free to see the second press
                Thread.ofPlatform().name("mirage-interrupt").start(() -> System.exit(EXIT_ON_INTERRUPT));
            } else {
                err.println();
                err.println(lost.get());
                err.flush();
                Runtime.getRuntime().halt(EXIT_ON_INTERRUPT);
            }
        };
        try {
            return new Interrupts(signal, Signal.handle(signal, handler));
        } catch (IllegalArgumentException | UnsupportedOperationException notHandled) {
            return new Interrupts(null, null);
        }
    }

    @Override
    public void close() {
        if (signal == null) return;
        try {
            Signal.handle(signal, previous);
        } catch (IllegalArgumentException notHandled) {
            // the JVM's own handler could not be put back: nothing else to do
        }
    }
}
