package io.mirage.model.scripted;

import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;

/** Makes a scripted double as slow as a remote model, so concurrency and interruption can be tested. */
record Latency(Model inner, long millis) implements Model {
    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public ModelResponse generate(ModelRequest request) throws ModelException {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException("interrupted while waiting", true, e);
            }
        }
        return inner.generate(request);
    }
}
