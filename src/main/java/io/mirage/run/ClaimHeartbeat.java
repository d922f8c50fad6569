package io.mirage.run;

import java.time.Duration;

/**
 * Renews this store's claims every third of their lease while an engine works, so a live process
 * keeps what it claimed and a killed one loses it within one lease.
 */
final class ClaimHeartbeat implements AutoCloseable {
    private final Thread thread;

    ClaimHeartbeat(RunStore store) {
        long every = Math.max(1, store.lease().dividedBy(3).toMillis());
        thread = Thread.ofPlatform().name("mirage-claims").daemon(true).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every);
                    store.renewClaims();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // Missing one renewal is harmless; should the lease run out, save() drops what another process took.
                }
            }
        });
    }

    static Duration pollInterval(RunStore store) {
        return Duration.ofMillis(Math.min(500, Math.max(20, store.lease().toMillis() / 10)));
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
