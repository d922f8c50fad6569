package io.mirage.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed model name: {@code provider/model?key=value&key=value}. The query part carries settings
 * that belong to the name itself, such as a scripted double's probability.
 */
public record ModelName(String text, String provider, String model, Map<String, String> params) {

    public ModelName {
        params = Map.copyOf(params);
    }

    /** For real providers: settings belong in the models file or flags, where they are validated and recorded. */
    public void requireNoParameters() {
        if (!params.isEmpty()) {
            throw new UnknownModelException("model '" + text + "' takes no parameters in its name; set temperature,"
                    + " max_output_tokens, thinking_budget, reasoning_effort and the like in the models file or as flags");
        }
    }

    public static ModelName parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new UnknownModelException("model '" + text + "' is not of the form provider/model (e.g. scripted/compliant)");
        }
        String provider = text.substring(0, slash);
        String rest = text.substring(slash + 1);
        Map<String, String> params = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        String model = q < 0 ? rest : rest.substring(0, q);
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new UnknownModelException("model '" + text + "': parameter '" + pair + "' is not key=value");
                params.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return new ModelName(text, provider, model, params);
    }
}
