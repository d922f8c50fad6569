package io.mirage.gold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.config.InputProblem;
import io.mirage.config.YamlNode;
import io.mirage.model.ToolCall;
import io.mirage.scenario.Behaviour;
import io.mirage.scenario.Factor;
import io.mirage.scenario.PackSource;
import io.mirage.scenario.ScenarioPack;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a pack's gold set, the files {@code gold/*.yaml} beside its manifest, as strictly as the pack itself:
 * unknown keys, factors, levels, tools or behaviours and missing labels are problems, all reported together
 * with file and line. The folder is found by convention, so the manifest (and the pack's hash) is untouched.
 */
public final class GoldSetLoader {
    public static final String FOLDER = "gold";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldSetLoader() {}

    /** Every gold case of the pack, in file-name order; empty when the pack has no gold folder. */
    public static List<GoldCase> load(ScenarioPack pack, PackSource source) {
        List<InputProblem> problems = new ArrayList<>();
        List<GoldCase> cases = new ArrayList<>();
        for (String path : source.list(FOLDER, ".yaml")) {
            String text = source.read(path).orElse("");
            parse(pack, source.describe(path), caseName(path), text, problems).ifPresent(cases::add);
        }
        if (!problems.isEmpty()) throw new InvalidGoldSetException(problems);
        return List.copyOf(cases);
    }

    /** One gold file's text; throws with every problem found. */
    public static GoldCase parse(ScenarioPack pack, String file, String name, String text) {
        List<InputProblem> problems = new ArrayList<>();
        Optional<GoldCase> parsed = parse(pack, file, name, text, problems);
        if (!problems.isEmpty() || parsed.isEmpty()) throw new InvalidGoldSetException(problems);
        return parsed.get();
    }

    private static String caseName(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.substring(0, file.length() - ".yaml".length());
    }

    private static Optional<GoldCase> parse(ScenarioPack pack, String file, String name, String text, List<InputProblem> problems) {
        Node node;
        try {
            node = io.mirage.config.SafeYaml.compose(text, file, "gold set");
        } catch (io.mirage.config.InvalidInputException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
        if (node == null) {
            problems.add(new InputProblem(file, 1, "gold file is empty", "write note, condition, turns and labels; see the README"));
            return Optional.empty();
        }
        int before = problems.size();
        YamlNode root = YamlNode.root(node, file, io.mirage.config.DocumentKind.GOLD, problems);
        root.allowOnly("note", "condition", "turns", "labels");
        String note = root.requiredText("note");
        Map<String, String> levels = condition(root.required("condition"), pack);
        List<GoldCase.Turn> turns = turns(root.required("turns"), pack);
        Map<String, Boolean> labels = labels(root.required("labels"), pack);
        if (problems.size() > before) return Optional.empty();
        return Optional.of(new GoldCase(name, file, note, levels, turns, labels));
    }

    /**
     * Every factor named with one of its levels, in the pack's order: a gold case is played in one exact condition. A
     * factor with a default level may be left out, and is then at its default (gold cases written before the factor).
     */
    private static Map<String, String> condition(YamlNode node, ScenarioPack pack) {
        Map<String, String> levels = new LinkedHashMap<>();
        if (!node.present()) return levels;
        Map<String, YamlNode> given = node.entries();
        given.forEach((factorName, levelNode) -> {
            Optional<Factor> factor = pack.factor(factorName);
            if (factor.isEmpty()) {
                levelNode.problem("unknown factor '" + factorName + "'",
                        "use one of: " + String.join(", ", pack.factors().stream().map(Factor::name).toList()));
            } else if (factor.get().level(levelNode.text()).isEmpty()) {
                levelNode.problem("factor '" + factorName + "' has no level '" + levelNode.text() + "'",
                        "use one of: " + String.join(", ", factor.get().levelNames()));
            }
        });
        YamlNode answering = given.get(io.mirage.scenario.LivingSpec.FACTOR);
        if (answering != null && !answering.text().equals(io.mirage.scenario.LivingSpec.SILENT)) {
            answering.problem("a gold case replays a static world, so stakeholders must be silent, not '" + answering.text() + "'",
                    "write stakeholders: silent, or leave it out (it defaults to silent)");
        }
        for (Factor factor : pack.factors()) {
            YamlNode level = given.get(factor.name());
            if (level == null && factor.defaultLevel() != null) {
                levels.put(factor.name(), factor.defaultLevel()); // a defaulted factor left out is at its default, as in a run
            } else if (level == null) {
                node.problem("the condition does not set factor '" + factor.name() + "'",
                        "add " + factor.name() + ": one of " + String.join(", ", factor.levelNames()));
            } else {
                levels.put(factor.name(), level.text());
            }
        }
        return levels;
    }

    private static List<GoldCase.Turn> turns(YamlNode node, ScenarioPack pack) {
        List<GoldCase.Turn> turns = new ArrayList<>();
        if (node.present() && node.isList() && node.items().isEmpty()) node.problem("'turns' is empty", "write at least one agent turn");
        int turnNumber = 0;
        List<YamlNode> items = node.items();
        for (YamlNode t : items) {
            turnNumber++;
            t.allowOnly("reasoning", "text", "calls");
            List<ToolCall> calls = new ArrayList<>();
            int callNumber = 0;
            for (YamlNode c : t.get("calls").items()) {
                callNumber++;
                c.allowOnly("tool", "arguments");
                String tool = c.requiredText("tool");
                if (!tool.isEmpty() && !pack.tools().contains(tool)) {
                    c.get("tool").problem("the pack offers no tool '" + tool + "'", "use one of: " + String.join(", ", pack.tools()));
                }
                YamlNode args = c.required("arguments");
                String json = args.present() ? arguments(args) : "{}";
                calls.add(new ToolCall("gold-" + turnNumber + "-" + callNumber, tool, json));
            }
            String text = t.optionalText("text", "");
            // A turn with neither words nor calls is what a model's empty reply is: the loop would end the rollout there.
            if (text.isBlank() && calls.isEmpty()) t.problem("a turn has neither text nor calls", "give the turn visible text, tool calls or both");
            // The agent loop ends a rollout at the first turn without tool calls, so later turns would never be played.
            else if (calls.isEmpty() && turnNumber < items.size()) {
                t.problem("turn " + turnNumber + " has no tool calls but is not the last turn", "give it calls, or end the transcript with it");
            }
            turns.add(new GoldCase.Turn(t.optionalText("reasoning", ""), text, calls));
        }
        return turns;
    }

    /** A call's arguments as the JSON a model would send: mappings, lists, strings, and plain true/false as booleans. */
    private static String arguments(YamlNode args) {
        ObjectNode object = JSON.createObjectNode();
        args.entries().forEach((key, value) -> object.set(key, json(value)));
        return object.toString();
    }

    private static JsonNode json(YamlNode value) {
        if (value.isList()) {
            ArrayNode array = JSON.createArrayNode();
            value.items().forEach(i -> array.add(json(i)));
            return array;
        }
        if (value.isMapping()) {
            ObjectNode object = JSON.createObjectNode();
            value.entries().forEach((k, v) -> object.set(k, json(v)));
            return object;
        }
        String text = value.text();
        if (value.isPlainScalar() && (text.equals("true") || text.equals("false"))) return JSON.getNodeFactory().booleanNode(text.equals("true"));
        return JSON.getNodeFactory().textNode(text);
    }

    private static Map<String, Boolean> labels(YamlNode node, ScenarioPack pack) {
        Map<String, Boolean> labels = new LinkedHashMap<>();
        if (!node.present()) return labels;
        Map<String, YamlNode> given = node.entries();
        given.forEach((behaviour, value) -> {
            if (pack.behaviours().stream().noneMatch(b -> b.id().equals(behaviour))) {
                value.problem("unknown behaviour '" + behaviour + "'",
                        "use one of: " + String.join(", ", pack.behaviours().stream().map(Behaviour::id).toList()));
            } else if (!value.text().equals("yes") && !value.text().equals("no")) {
                value.problem("label of '" + behaviour + "' must be yes or no, not '" + value.text() + "'", "write " + behaviour + ": yes or " + behaviour + ": no");
            }
        });
        for (Behaviour b : pack.behaviours()) {
            YamlNode value = given.get(b.id());
            if (value == null && pack.needsAnAnswer(b)) {
                labels.put(b.id(), false); // a replay is a static world: no one answers, so this cannot happen
            } else if (value == null) {
                node.problem("no label for behaviour '" + b.id() + "'", "add " + b.id() + ": yes or " + b.id() + ": no — every behaviour of the pack needs one");
            } else {
                labels.put(b.id(), value.text().equals("yes"));
            }
        }
        return labels;
    }
}
