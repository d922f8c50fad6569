package io.mirage.config;

import io.mirage.model.ModelSettings;
import io.mirage.model.SettingRules;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-model settings from a YAML file. Entries are keyed by model name or by a pattern with
 * {@code *}; for a model, every matching pattern applies from the least to the most specific
 * (fewest wildcards, then longest), and an exact entry last.
 *
 * <pre>
 * models:
 *   "anthropic/*":
 *     requests_per_minute: 50
 *   anthropic/claude-sonnet-4-5:
 *     temperature: 1.0
 *     max_output_tokens: 4096
 *     thinking_budget: 2048
 *     prices: { input: 3.0, output: 15.0, cached_input: 0.30 }
 * </pre>
 */
public final class ModelsFile {
    public static final String DEFAULT_NAME = "mirage.models.yaml";
    private static final String[] KEYS = {"temperature", "max_output_tokens", "reasoning_effort", "thinking_budget", "base_url",
            "api_key_env", "timeout_seconds", "stream", "concurrency", "requests_per_minute", "tokens_per_minute", "prices"};

    private final Map<String, ModelSettings> entries;

    private ModelsFile(Map<String, ModelSettings> entries) {
        this.entries = entries;
    }

    public static ModelsFile empty() {
        return new ModelsFile(Map.of());
    }

    public static ModelsFile load(Path file) {
        InputFiles.Result read = InputFiles.read(file, file.toString());
        if (read.problem() != null) {
            InputProblem p = read.problem();
            throw new InvalidInputException("models file", List.of(new InputProblem(p.file(), p.line(), p.message(),
                    p.fix() + " (the models file comes from --models, $MIRAGE_MODELS or ./" + DEFAULT_NAME + ")")));
        }
        return parse(file.toString(), read.text());
    }

    public static ModelsFile parse(String fileName, String text) {
        List<InputProblem> problems = new ArrayList<>();
        Node node = SafeYaml.compose(text, fileName, "models file");
        if (node == null) return empty();
        YamlNode root = YamlNode.root(node, fileName, DocumentKind.MODELS, problems);
        root.allowOnly("models");
        Map<String, ModelSettings> entries = new LinkedHashMap<>();
        root.required("models").entries().forEach((pattern, entry) -> entries.put(pattern, settings(entry)));
        if (!problems.isEmpty()) throw new InvalidInputException("models file", problems);
        return new ModelsFile(entries);
    }

    /** One model's settings from a mapping of the models-file keys (also used by experiment files). */
    public static ModelSettings settings(YamlNode e, String... otherKeys) {
        if (e.get("api_key").present()) {
            e.get("api_key").problem("API keys are never read from files", "put the key in an environment variable and name it with api_key_env");
        } else {
            String[] allowed = java.util.Arrays.copyOf(otherKeys, otherKeys.length + KEYS.length);
            System.arraycopy(KEYS, 0, allowed, otherKeys.length, KEYS.length);
            e.allowOnly(allowed);
        }
        YamlNode prices = e.get("prices");
        prices.allowOnly("input", "output", "cached_input");
        Double timeout = number(e.get("timeout_seconds"), SettingRules::positive);
        return new ModelSettings(number(e.get("temperature"), SettingRules::nonNegative), integer(e.get("max_output_tokens")),
                text(e.get("reasoning_effort"), SettingRules::reasoningEffort), integer(e.get("thinking_budget")),
                text(e.get("base_url"), SettingRules::baseUrl), e.get("api_key_env").scalarIfPresent().orElse(null),
                timeout == null ? null : Duration.ofMillis((long) (timeout * 1000)), bool(e.get("stream")),
                integer(e.get("concurrency")), integer(e.get("requests_per_minute")), integer(e.get("tokens_per_minute")),
                number(prices.get("input"), SettingRules::nonNegative), number(prices.get("output"), SettingRules::nonNegative),
                number(prices.get("cached_input"), SettingRules::nonNegative));
    }

    private static Double number(YamlNode n, java.util.function.DoubleFunction<String> rule) {
        if (!n.present()) return null;
        double d;
        try {
            d = Double.parseDouble(n.text());
        } catch (NumberFormatException ex) {
            n.problem(n.describe() + " must be a number, not '" + n.text() + "'", "write e.g. 1.0");
            return null;
        }
        String wrong = rule.apply(d);
        if (wrong != null) {
            n.problem(n.describe() + " " + wrong, "write a finite number in range, e.g. 1.0");
            return null;
        }
        return d;
    }

    /** A text setting, checked by its rule; the rule's message may carry its fix after "; ". */
    private static String text(YamlNode n, java.util.function.Function<String, String> rule) {
        if (!n.present()) return null;
        String wrong = rule.apply(n.text());
        if (wrong == null) return n.text();
        int semicolon = wrong.indexOf("; ");
        n.problem(n.describe() + " " + (semicolon < 0 ? wrong : wrong.substring(0, semicolon)),
                semicolon < 0 ? "correct the value" : wrong.substring(semicolon + 2));
        return null;
    }

    private static Integer integer(YamlNode n) {
        if (!n.present()) return null;
        try {
            int i = Integer.parseInt(n.text());
            if (i < 1) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException ex) {
            n.problem(n.describe() + " must be a whole number of at least 1, not '" + n.text() + "'", "write e.g. 4096");
            return null;
        }
    }

    private static Boolean bool(YamlNode n) {
        if (!n.present()) return null;
        if (n.text().equals("true") || n.text().equals("false")) return Boolean.valueOf(n.text());
        n.problem(n.describe() + " must be true or false, not '" + n.text() + "'", "write true or false");
        return null;
    }

    /** The settings for a model name (its {@code ?…} part ignored): every matching entry, most specific last. */
    public ModelSettings settingsFor(String modelName) {
        int q = modelName.indexOf('?');
        String name = q < 0 ? modelName : modelName.substring(0, q);
        ModelSettings result = ModelSettings.DEFAULTS;
        List<String> matching = entries.keySet().stream().filter(p -> matches(p, name))
                .sorted(Comparator.comparingLong((String p) -> -p.chars().filter(c -> c == '*').count()).thenComparingInt(String::length))
                .toList();
        for (String pattern : matching) result = result.overriddenBy(entries.get(pattern));
        return result;
    }

    static boolean matches(String pattern, String name) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) regex.append(".*");
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return name.matches(regex.toString());
    }
}
