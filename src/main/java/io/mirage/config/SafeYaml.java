package io.mirage.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one way Mirage reads YAML (packs, models, experiment and gold files): with limits on size, nesting and aliases,
 * so that a hostile or broken file (a "billion laughs" of aliases, ten thousand nested brackets) is refused quickly
 * with its file, line and a fix rather than exhausting memory or the stack.
 *
 * <p>The limits are checked first on the event stream, where every event has a line, and the composer enforces the
 * same ones again (SnakeYAML's own checks carry no line).
 */
public final class SafeYaml {
    /** The most characters a YAML document may hold (5 MiB, as {@link InputFiles#MAX_BYTES}). */
    public static final int MAX_CODE_POINTS = (int) InputFiles.MAX_BYTES;
    /** The deepest nesting of lists and mappings. */
    public static final int MAX_NESTING = 50;
    /** The most aliases ({@code *name}) to lists or mappings in one document: each can double what a reader walks. */
    public static final int MAX_COLLECTION_ALIASES = 20;

    private SafeYaml() {}

    /** The document's node tree, null when it is empty; else an {@link InvalidInputException} about {@code what} in {@code file}. */
    public static Node compose(String text, String file, String what) {
        try {
            checkLimits(text, file, what);
            return new Yaml(options()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw refused(what, file, line, "not valid YAML: " + e.getProblem(), "fix the YAML syntax at that line (indentation, quotes, colons)");
        } catch (YAMLException e) {
            throw refused(what, file, 0, limitMessage(e), limitFix(e));
        }
    }

    private static void checkLimits(String text, String file, String what) {
        int depth = 0;
        int aliases = 0;
        Set<String> collectionAnchors = new HashSet<>();
        for (Event event : new Yaml(options()).parse(new StringReader(text))) {
            int line = event.getStartMark() == null ? 0 : event.getStartMark().getLine() + 1;
            if (event instanceof CollectionStartEvent start) {
                if (start.getAnchor() != null) collectionAnchors.add(start.getAnchor());
                if (++depth > MAX_NESTING) {
                    throw refused(what, file, line, "lists and mappings are nested more than " + MAX_NESTING + " levels deep",
                            "flatten the structure: no " + what + " needs that depth");
                }
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())
                    && ++aliases > MAX_COLLECTION_ALIASES) {
                throw refused(what, file, line, "more than " + MAX_COLLECTION_ALIASES + " aliases (*name) to lists or mappings",
                        "write the repeated lists or mappings out, or alias single values instead");
            }
        }
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(true); // reported with both lines by YamlNode.root
        return options;
    }

    private static String limitMessage(YAMLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("exceeds the limit")) return "the file is too large: more than " + MAX_CODE_POINTS + " characters (5 MiB)";
        if (m.contains("Recursive key")) return "a mapping key refers to the mapping itself (a recursive alias)";
        if (m.contains("Nesting Depth")) return "lists and mappings are nested more than " + MAX_NESTING + " levels deep";
        if (m.contains("aliases")) return "more than " + MAX_COLLECTION_ALIASES + " aliases (*name) to lists or mappings";
        return "not valid YAML: " + m;
    }

    private static String limitFix(YAMLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("exceeds the limit")) return "shorten the file or split it";
        if (m.contains("Recursive key")) return "write the key out instead of aliasing its own mapping";
        return "fix the YAML";
    }

    private static InvalidInputException refused(String what, String file, int line, String message, String fix) {
        return new InvalidInputException(what, List.of(new InputProblem(file, line, message, fix)));
    }
}
