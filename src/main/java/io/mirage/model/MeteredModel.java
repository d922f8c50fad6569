package io.mirage.model;

import java.util.Map;

/** A model that counts the calls it answers and the tokens they used, across threads (for judge budgets and reports). */
public final class MeteredModel implements Model {
    private final Model inner;
    private Usage usage = Usage.NONE;
    private int calls;

    public MeteredModel(Model inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Map<String, String> parameters() {
        return inner.parameters();
    }

    @Override
    public ModelResponse generate(ModelRequest request) throws ModelException {
        ModelResponse response = inner.generate(request);
        synchronized (this) {
            usage = usage.plus(response.usage());
            calls++;
        }
        return response;
    }

    public synchronized Usage usage() {
        return usage;
    }

    public synchronized int calls() {
        return calls;
    }
}
