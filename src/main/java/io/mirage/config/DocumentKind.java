package io.mirage.config;

/**
 * What kind of file a YAML document is, so that a message about its top level names it ("the models file", not
 * "the manifest") and points to the help for that kind of file.
 */
public record DocumentKind(String name, String layoutHelp) {
    public static final DocumentKind PACK = new DocumentKind("pack.yaml", "see docs/scenario-packs.md for the layout");
    public static final DocumentKind MODELS = new DocumentKind("the models file",
            "write models: with one mapping of settings per model name; see the README, section Models");
    public static final DocumentKind EXPERIMENT = new DocumentKind("the experiment file", "start from `mirage init`'s example");
    public static final DocumentKind GOLD = new DocumentKind("the gold file", "see the README, section Gold sets");
}
