package io.mirage.model.openai;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every request of one model sends besides the conversation; null means "the server's default". */
record ChatOptions(String model, Double temperature, Integer maxCompletionTokens, String reasoningEffort, boolean stream) {

    /** These options under their wire names, as stored with a run. */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("model", model);
        if (temperature != null) out.put("temperature", temperature.toString());
        if (maxCompletionTokens != null) out.put("max_completion_tokens", maxCompletionTokens.toString());
        if (reasoningEffort != null) out.put("reasoning_effort", reasoningEffort);
        out.put("stream", Boolean.toString(stream));
        return Collections.unmodifiableMap(out);
    }
}
