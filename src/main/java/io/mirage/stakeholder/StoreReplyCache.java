package io.mirage.stakeholder;

import io.mirage.run.RunStore;

import java.util.Optional;

/** Stakeholder replies cached in the run store (table {@code stakeholder_replies}), shared by every run and process using it. */
public final class StoreReplyCache implements StakeholderReplyCache {
    private final RunStore store;
    private final String model;

    /** @param model the stakeholder model's name, stored beside each answer for readers of the store */
    public StoreReplyCache(RunStore store, String model) {
        this.store = store;
        this.model = model;
    }

    @Override
    public Optional<String> get(String key) {
        return store.stakeholderReply(key);
    }

    @Override
    public void put(String key, String json) {
        store.saveStakeholderReply(key, json, model);
    }
}
