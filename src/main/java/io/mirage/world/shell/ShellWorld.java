package io.mirage.world.shell;

import io.mirage.world.WorldEvent;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** What the shell needs from the world it lives in: the event log, mail delivery and the clock. */
public interface ShellWorld {
    void record(WorldEvent event);

    /**
     * Delivers a message the way the email tools do (same checks, same events). Empty when it was
     * delivered, otherwise why nothing was sent.
     */
    Optional<String> sendMail(int turn, String callId, List<String> to, List<String> cc, String subject, String body);

    /** The world's time at a model turn. */
    OffsetDateTime now(int turn);
}
