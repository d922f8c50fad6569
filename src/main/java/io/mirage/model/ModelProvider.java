package io.mirage.model;

/** Creates models for one provider prefix (the part before the slash). */
public interface ModelProvider {

    String prefix();

    /** @throws UnknownModelException for a model this provider does not offer or bad settings */
    Model create(ModelName name, ModelContext context);
}
