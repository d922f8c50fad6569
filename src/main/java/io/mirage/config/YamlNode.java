package io.mirage.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of a YAML node that knows its file and line, and records a {@link InputProblem}
 * (instead of throwing) when the document does not have the expected shape, so that one load
 * reports every problem at once. A missing value reads as empty.
 */
public final class YamlNode {
    private final Node node;          // null when the value is missing
    private final String file;
    private final int line;
    private final String path;
    private final List<InputProblem> problems;
    private final DocumentKind kind;

    /**
     * The document's root node; problems found through it and its children are added to {@code problems}. A key
     * written twice in one mapping is reported here, once: YAML libraries keep the last silently, so a second
     * {@code behaviours:} would drop the first one's behaviours without a word.
     */
    public static YamlNode root(Node node, String file, DocumentKind kind, List<InputProblem> problems) {
        if (node != null) duplicateKeys(node, file, problems, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return new YamlNode(node, file, node == null ? 0 : startLine(node), "", problems, kind);
    }

    private static void duplicateKeys(Node node, String file, List<InputProblem> problems, java.util.Set<Node> seen) {
        if (!seen.add(node)) return; // an alias points back at a node already walked
        if (node instanceof MappingNode mapping) {
            Map<String, Integer> first = new java.util.HashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    Integer earlier = first.putIfAbsent(key.getValue(), startLine(key));
                    if (earlier != null) {
                        problems.add(new InputProblem(file, startLine(key), "duplicate key '" + key.getValue() + "' (first at line "
                                + earlier + ")", "keep one of them: the second would silently replace the first"));
                    }
                }
                duplicateKeys(t.getValueNode(), file, problems, seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) duplicateKeys(item, file, problems, seen);
        }
    }

    private static int startLine(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** {@code line}: the node's own line, or for a mapping's value its key's line, where a reader looks for it. */
    private YamlNode(Node node, String file, int line, String path, List<InputProblem> problems, DocumentKind kind) {
        this.node = node;
        this.kind = kind;
        this.file = file;
        this.line = line;
        this.path = path;
        this.problems = problems;
    }

    public int line() {
        return line;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public boolean present() {
        return node != null;
    }

    public void problem(String message, String fix) {
        problems.add(new InputProblem(file, line, message, fix));
    }

    /** Reports every key not in {@code allowed}. */
    public void allowOnly(String... allowed) {
        List<String> ok = Arrays.asList(allowed);
        for (Map.Entry<String, YamlNode> e : entries().entrySet()) {
            if (!ok.contains(e.getKey())) {
                e.getValue().problem("unknown key '" + e.getKey() + "' in " + describe(),
                        "remove it or use one of: " + String.join(", ", allowed));
            }
        }
    }

    public Map<String, YamlNode> entries() {
        Map<String, YamlNode> map = new LinkedHashMap<>();
        if (node == null) return map;
        if (!(node instanceof MappingNode mapping)) {
            problem(describe() + " should be a mapping (key: value)", kind.layoutHelp());
            return map;
        }
        for (NodeTuple t : mapping.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
            map.put(key, new YamlNode(t.getValueNode(), file, startLine(t.getKeyNode()), child(key), problems, kind));
        }
        return map;
    }

    public YamlNode get(String key) {
        YamlNode child = entries().get(key);
        return child != null ? child : new YamlNode(null, file, line, child(key), problems, kind);
    }

    public YamlNode required(String key) {
        YamlNode child = get(key);
        if (!child.present() && node != null) {
            problem("missing required key '" + key + "' in " + describe(), "add " + key + ": …");
        }
        return child;
    }

    public String text() {
        if (node == null) return "";
        if (node instanceof ScalarNode s) return s.getTag().equals(Tag.NULL) ? "" : s.getValue(); // ~, null: empty, not the text "~"
        problem(describe() + " should be a single value, not a list or mapping", "write it as plain text");
        return "";
    }

    public String requiredText(String key) {
        YamlNode child = required(key);
        String value = child.text();
        if (child.present() && value.isBlank()) child.problem(child.describe() + " is empty", "give it a value");
        return value;
    }

    public String optionalText(String key, String fallback) {
        YamlNode child = get(key);
        return child.present() ? child.text() : fallback;
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** A scalar written without quotes, so {@code true} reads as a boolean and {@code "true"} as text. */
    public boolean isPlainScalar() {
        return node instanceof ScalarNode s && s.isPlain();
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public List<YamlNode> items() {
        if (node == null) return List.of();
        if (!(node instanceof SequenceNode seq)) {
            problem(describe() + " should be a list", "write it as [a, b] or as lines starting with '- '");
            return List.of();
        }
        return seq.getValue().stream()
                .map(n -> new YamlNode(n, file, startLine(n), path + "[]", problems, kind)).toList();
    }

    public List<String> texts() {
        return items().stream().map(YamlNode::text).toList();
    }

    public Optional<String> scalarIfPresent() {
        return node == null ? Optional.empty() : Optional.of(text());
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public String describe() {
        return path.isEmpty() ? kind.name() : "'" + path + "'";
    }
}
