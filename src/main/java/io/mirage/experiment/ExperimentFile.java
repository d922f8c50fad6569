package io.mirage.experiment;

import io.mirage.config.InputProblem;
import io.mirage.config.InvalidInputException;
import io.mirage.config.ModelsFile;
import io.mirage.config.YamlNode;
import io.mirage.model.ModelSettings;
import io.mirage.model.SettingRules;
import io.mirage.run.EarlyStopping;
import io.mirage.run.RunSpec;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads experiment files, strictly as packs are read: an unknown key, a bad value, an unknown pack,
 * condition or model is reported with the file, the line and the fix, all problems at once.
 */
public final class ExperimentFile {
    static final String[] KEYS = {"name", "tags", "packs", "models", "samples", "seed", "max_turns", "tool_protocol",
            "concurrency", "limit", "budget", "early_stopping"};

    /** What the file cannot check alone: packs, conditions and models exist. Each answers null when fine. */
    public interface Checks {
        Problem pack(String pack);

        Problem conditions(String pack, Map<String, Set<String>> filter);

        Problem model(String model);
    }

    /** What is wrong and how to fix it. */
    public record Problem(String message, String fix) {}

    private ExperimentFile() {}

    public static Experiment load(Path file, Checks checks) {
        io.mirage.config.InputFiles.Result read = io.mirage.config.InputFiles.read(file, file.toString());
        if (read.problem() != null) {
            InputProblem p = read.problem();
            throw new InvalidInputException("experiment file", List.of(new InputProblem(p.file(), p.line(), p.message(),
                    p.fix() + "; `mirage init` writes an example experiment file")));
        }
        return parse(file.toString(), read.text(), checks);
    }

    public static Experiment parse(String fileName, String text, Checks checks) {
        List<InputProblem> problems = new ArrayList<>();
        Node node = io.mirage.config.SafeYaml.compose(text, fileName, "experiment file");
        if (node == null) {
            throw new InvalidInputException("experiment file", List.of(new InputProblem(fileName, 1, "the file is empty",
                    "describe packs and models; `mirage init` writes a commented example")));
        }
        YamlNode root = YamlNode.root(node, fileName, io.mirage.config.DocumentKind.EXPERIMENT, problems);
        if (!root.isMapping()) {
            root.problem("an experiment file is a mapping of keys", "start from `mirage init`'s example");
            throw new InvalidInputException("experiment file", problems);
        }
        root.allowOnly(KEYS);
        String name = root.optionalText("name", "");
        if (!name.matches("[A-Za-z0-9._-]*")) {
            root.get("name").problem("name '" + name + "' may hold only letters, digits, '.', '_' and '-'", "e.g. name: replacement-study");
        }
        List<String> tags = root.get("tags").present() ? root.get("tags").texts() : List.of();
        List<Experiment.PackChoice> packs = packs(root.required("packs"), checks);
        YamlNode models = root.required("models");
        models.allowOnly("agent", "judge", "stakeholder");
        List<Experiment.ModelChoice> agents = new ArrayList<>();
        YamlNode agentNode = models.required("agent");
        if (agentNode.isList()) {
            for (YamlNode item : agentNode.items()) agents.add(model(item, checks));
        } else if (agentNode.present()) {
            agents.add(model(agentNode, checks));
        }
        if (agentNode.present() && agents.isEmpty()) agentNode.problem("models.agent lists no model", "add at least one, e.g. - openai/gpt-4.1-mini");
        if (agents.stream().map(Experiment.ModelChoice::name).distinct().count() < agents.size()) {
            agentNode.problem("an agent model is listed twice", "list each model once");
        }
        Experiment.ModelChoice judge = models.get("judge").present() ? model(models.get("judge"), checks) : null;
        Experiment.ModelChoice stakeholder = models.get("stakeholder").present() ? model(models.get("stakeholder"), checks) : null;
        String protocol = root.get("tool_protocol").scalarIfPresent().orElse(null);
        if (protocol != null && !protocol.equals(RunSpec.NATIVE_TOOLS) && !protocol.equals(RunSpec.TEXT_TOOLS)) {
            root.get("tool_protocol").problem("tool_protocol must be native or text, not '" + protocol + "'", "write native or text");
        }
        YamlNode budget = root.get("budget");
        budget.allowOnly("max_cost");
        Experiment experiment = new Experiment(name, tags, packs, agents, judge, count(root.get("samples")), seed(root.get("seed")),
                count(root.get("max_turns")), protocol, count(root.get("concurrency")), count(root.get("limit")),
                number(budget.get("max_cost"), SettingRules::nonNegative), earlyStopping(root.get("early_stopping")), stakeholder);
        if (!problems.isEmpty()) throw new InvalidInputException("experiment file", problems);
        return experiment;
    }

    private static List<Experiment.PackChoice> packs(YamlNode list, Checks checks) {
        List<Experiment.PackChoice> packs = new ArrayList<>();
        if (list.present() && !list.isList()) {
            list.problem("packs should be a list", "write each pack as a line '- pack: NAME'");
            return packs;
        }
        for (YamlNode item : list.items()) {
            YamlNode packNode = item.isMapping() ? item.required("pack") : item;
            if (item.isMapping()) item.allowOnly("pack", "conditions");
            String pack = packNode.text();
            Problem unknown = pack.isBlank() ? new Problem("a pack entry has no name", "write - pack: NAME") : checks.pack(pack);
            if (unknown != null) {
                packNode.problem(unknown.message(), unknown.fix());
                continue;
            }
            if (packs.stream().anyMatch(p -> p.pack().equals(pack))) packNode.problem("pack '" + pack + "' is listed twice", "list each pack once");
            List<Map<String, Set<String>>> filters = new ArrayList<>();
            YamlNode conditions = item.isMapping() ? item.get("conditions") : null;
            if (conditions != null && conditions.isMapping()) {
                filters.add(filter(conditions, pack, checks));
            } else if (conditions != null && conditions.present()) {
                for (YamlNode one : conditions.items()) filters.add(filter(one, pack, checks));
            }
            packs.add(new Experiment.PackChoice(pack, filters));
        }
        if (list.present() && packs.isEmpty() && list.items().isEmpty()) list.problem("packs lists no pack", "add e.g. - pack: blackmail");
        return packs;
    }

    /** A filter written as a mapping (factor: level or [levels]) or as one line "factor=level,factor=a|b". */
    private static Map<String, Set<String>> filter(YamlNode node, String pack, Checks checks) {
        Map<String, Set<String>> filter = new LinkedHashMap<>();
        if (node.isMapping()) {
            node.entries().forEach((factor, levels) -> {
                List<String> names = levels.isList() ? levels.texts() : List.of(levels.text());
                if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
                    levels.problem("condition filter: factor '" + factor + "' has an empty level", "name each level, e.g. " + factor + ": [a, b]");
                }
                filter.put(factor, new LinkedHashSet<>(names));
            });
        } else {
            try {
                filter.putAll(io.mirage.scenario.ConditionFilter.parse(node.text()));
            } catch (io.mirage.scenario.ConditionFilter.Invalid e) {
                node.problem("condition filter: " + e.problem(), e.fix());
                return filter;
            }
        }
        Problem wrong = checks.conditions(pack, filter);
        if (wrong != null) node.problem(wrong.message(), wrong.fix());
        return filter;
    }

    private static Experiment.ModelChoice model(YamlNode node, Checks checks) {
        String name;
        ModelSettings settings = ModelSettings.DEFAULTS;
        YamlNode nameNode = node;
        if (node.isMapping()) {
            nameNode = node.required("name");
            name = nameNode.text();
            settings = ModelsFile.settings(node, "name");
        } else {
            name = node.text();
        }
        Problem unknown = name.isBlank() ? new Problem("a model has no name", "write provider/model, e.g. openai/gpt-4.1-mini") : checks.model(name);
        if (unknown != null) nameNode.problem(unknown.message(), unknown.fix());
        return new Experiment.ModelChoice(name, settings);
    }

    private static EarlyStopping earlyStopping(YamlNode node) {
        if (!node.present()) return null;
        node.allowOnly("threshold", "alpha", "decide_on");
        Double threshold = number(node.required("threshold"), SettingRules::nonNegative);
        Double alpha = number(node.get("alpha"), SettingRules::positive);
        List<String> behaviours = node.get("decide_on").present() ? node.get("decide_on").texts() : List.of();
        if (threshold == null) return null;
        try {
            return new EarlyStopping(threshold, alpha == null ? EarlyStopping.DEFAULT_ALPHA : alpha, behaviours);
        } catch (IllegalArgumentException e) {
            node.problem("early_stopping: " + e.getMessage(), "a threshold strictly between 0 and 1, an alpha between 0 and 0.5");
            return null;
        }
    }

    private static Integer count(YamlNode n) {
        if (!n.present()) return null;
        try {
            int i = Integer.parseInt(n.text().strip());
            if (i < 1) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            n.problem(n.describe() + " must be a whole number of at least 1, not '" + n.text() + "'", "write e.g. 10");
            return null;
        }
    }

    private static Long seed(YamlNode n) {
        if (!n.present()) return null;
        try {
            return Long.parseLong(n.text().strip());
        } catch (NumberFormatException e) {
            n.problem("seed must be a whole number, not '" + n.text() + "'", "write e.g. seed: 1");
            return null;
        }
    }

    private static Double number(YamlNode n, java.util.function.DoubleFunction<String> rule) {
        if (!n.present()) return null;
        try {
            double d = Double.parseDouble(n.text().strip());
            String wrong = rule.apply(d);
            if (wrong == null) return d;
            n.problem(n.describe() + " " + wrong, "write a finite number in range, e.g. 5.0");
        } catch (NumberFormatException e) {
            n.problem(n.describe() + " must be a number, not '" + n.text() + "'", "write e.g. 5.0");
        }
        return null;
    }
}
