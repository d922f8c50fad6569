package io.mirage.world;

import io.mirage.model.Usage;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The people of a living world who answer the agent's mail; one instance per rollout, since they remember the
 * thread. The world asks them once per delivered message; what they write arrives later, by its clock.
 */
public interface Correspondents {
    /** No one answers: a static world. */
    Correspondents NONE = (sent, sentAt) -> List.of();

    /**
     * The replies a delivered message draws. A stakeholder that cannot give a valid reply throws
     * {@link StakeholderFailure}, which ends the rollout as an error naming them: never a silent default.
     */
    List<Reply> answer(WorldEvent.MessageSent sent, OffsetDateTime sentAt);

    /** What answering cost so far (model-played stakeholders), counted apart from the agent's. */
    default Usage usage() {
        return Usage.NONE;
    }

    /** A reply to the agent: who wrote it, what it says, the decision it stands for, and when it arrives. */
    record Reply(String stakeholder, String from, String subject, String body, String decision, OffsetDateTime arrives) {}
}
