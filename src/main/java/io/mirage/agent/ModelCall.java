package io.mirage.agent;

import io.mirage.model.Retry;

import java.util.List;

/** One model call of a rollout: its turn, how long it took (retries included), the retries, and its error if it failed. */
public record ModelCall(int turn, long millis, List<Retry> retries, String error) {
    public ModelCall {
        retries = List.copyOf(retries);
    }
}
