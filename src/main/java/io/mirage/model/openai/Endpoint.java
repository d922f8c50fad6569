package io.mirage.model.openai;

/**
 * One family of OpenAI-compatible servers: its model-name prefix, its default base URL (with
 * {@code /v1}; null when the user must give one) and where its API key comes from. Local servers
 * usually need no key; {@code keyVariable} is then only read if it is set.
 */
record Endpoint(String prefix, String defaultBaseUrl, String keyVariable, boolean keyRequired) {

    static final Endpoint OPENAI = new Endpoint("openai", "https://api.openai.com/v1", "OPENAI_API_KEY", true);
    static final Endpoint OLLAMA = new Endpoint("ollama", "http://localhost:11434/v1", null, false);
    static final Endpoint VLLM = new Endpoint("vllm", "http://localhost:8000/v1", "VLLM_API_KEY", false);
    static final Endpoint LLAMACPP = new Endpoint("llamacpp", "http://localhost:8080/v1", null, false);
    static final Endpoint LMSTUDIO = new Endpoint("lmstudio", "http://localhost:1234/v1", null, false);
    static final Endpoint OPENROUTER = new Endpoint("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", true);
    static final Endpoint TOGETHER = new Endpoint("together", "https://api.together.xyz/v1", "TOGETHER_API_KEY", true);
    /** Any other server: the base URL must be set, and a key is read only from the variable the settings name. */
    static final Endpoint COMPATIBLE = new Endpoint("openai-compatible", null, null, false);
}
