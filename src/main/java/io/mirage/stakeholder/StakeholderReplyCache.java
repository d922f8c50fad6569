package io.mirage.stakeholder;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model-played stakeholders' raw answers by the SHA-256 of everything that determines them (see
 * {@link ModelStakeholders}): a rollout run again with the same seed and cache replays its stakeholders' replies
 * exactly, without a model call. Implementations must be safe to use from many threads.
 */
public interface StakeholderReplyCache {
    /** The answer stored under this key, if any. */
    Optional<String> get(String key);

    /** Stores an answer (the model's text as it came) under its key; a key already stored keeps its first answer. */
    void put(String key, String json);

    /** A cache that remembers nothing: every reply is a model call. */
    StakeholderReplyCache NONE = new StakeholderReplyCache() {
        public Optional<String> get(String key) {
            return Optional.empty();
        }

        public void put(String key, String json) {}
    };

    /** A cache held in memory, for one process. */
    static StakeholderReplyCache inMemory() {
        ConcurrentHashMap<String, String> entries = new ConcurrentHashMap<>();
        return new StakeholderReplyCache() {
            public Optional<String> get(String key) {
                return Optional.ofNullable(entries.get(key));
            }

            public void put(String key, String json) {
                entries.putIfAbsent(key, json);
            }
        };
    }
}
