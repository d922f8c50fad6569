package io.mirage.scenario;

import io.mirage.config.InputProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The packs a command can use: those shipped in the jar (listed in {@code scenarios/index.txt}) and,
 * when a folder is given, every sub-folder of it holding a {@code pack.yaml}, which takes precedence.
 */
public final class ScenarioLibrary {
    private static final String BUILT_IN_INDEX = "scenarios/index.txt";

    private final PackLoader loader;
    private final Map<String, PackSource> sources = new LinkedHashMap<>();
    /** Sub-folders of the given folder that hold no pack.yaml: naming one is a mistake, not a request for the built-in pack. */
    private final Map<String, Path> foldersWithoutManifest = new LinkedHashMap<>();

    public ScenarioLibrary(Set<String> knownTools, Path extraFolder) {
        this.loader = new PackLoader(knownTools);
        for (String name : builtInNames()) sources.put(name, PackSource.classpath("scenarios/" + name));
        if (extraFolder != null) addFolder(extraFolder);
    }

    private void addFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidPackException(new InputProblem(folder.toString(), 0, "scenario folder does not exist",
                    "pass a folder whose sub-folders each hold a pack.yaml"));
        }
        if (Files.isRegularFile(folder.resolve(PackLoader.MANIFEST))) {
            sources.put(folder.getFileName().toString(), PackSource.folder(folder));
            return;
        }
        try (Stream<Path> children = Files.list(folder)) {
            children.filter(Files::isDirectory).sorted().forEach(p -> {
                if (Files.isRegularFile(p.resolve(PackLoader.MANIFEST))) sources.put(p.getFileName().toString(), PackSource.folder(p));
                else foldersWithoutManifest.put(p.getFileName().toString(), p);
            });
        } catch (IOException e) {
            throw new InvalidPackException(new InputProblem(folder.toString(), 0, "cannot list folder: " + e.getMessage(), "check permissions"));
        }
    }

    public List<String> names() {
        return List.copyOf(sources.keySet());
    }

    /** How messages name the pack's manifest. */
    public String manifest(String name) {
        PackSource source = sources.get(name);
        return source == null ? name : PackLoader.manifestName(source);
    }

    /** Where a pack's files come from, for material read beside the manifest (its gold set). */
    public PackSource source(String name) {
        Path folder = foldersWithoutManifest.get(name);
        if (folder != null) {
            throw new InvalidPackException(new InputProblem(folder.resolve(PackLoader.MANIFEST).toString(), 0,
                    "the folder " + folder + " holds no pack.yaml, so it is not a pack"
                            + (sources.containsKey(name) ? " (the built-in pack '" + name + "' is not used in its place)" : ""),
                    "add pack.yaml to " + folder + ", or move the folder out of the --scenarios folder"
                            + (sources.containsKey(name) ? " to use the built-in pack" : "")));
        }
        PackSource source = sources.get(name);
        if (source == null) {
            throw new InvalidPackException(new InputProblem("--scenario", 0, "no scenario named '" + name + "'",
                    "use one of: " + String.join(", ", names()) + " (or add a folder with --scenarios DIR)"));
        }
        return source;
    }

    public ScenarioPack load(String name) {
        return loader.load(name, source(name));
    }

    /** A pack with the files it was read from, by path (the files its hash covers), to keep with a run. */
    public record Loaded(ScenarioPack pack, Map<String, String> files) {}

    /** Loads a pack once, recording the files read, so a run can store what it was planned with. */
    public Loaded loadWithFiles(String name) {
        PackSource source = source(name);
        Map<String, String> read = new java.util.TreeMap<>();
        ScenarioPack pack = loader.load(name, new PackSource() {
            @Override
            public java.util.Optional<String> read(String relativePath) {
                java.util.Optional<String> text = source.read(relativePath);
                text.ifPresent(t -> read.put(relativePath, t));
                return text;
            }

            @Override
            public String describe(String relativePath) {
                return source.describe(relativePath);
            }

            @Override
            public List<String> list(String folder, String suffix) {
                return source.list(folder, suffix);
            }
        });
        return new Loaded(pack, Map.copyOf(read));
    }

    /** A pack loaded from files kept with a run ({@link #files}), as it was when the run was planned. */
    public ScenarioPack load(String name, Map<String, String> files) {
        return loader.load(name, PackSource.snapshot(name, files));
    }

    private static List<String> builtInNames() {
        try (InputStream in = ScenarioLibrary.class.getClassLoader().getResourceAsStream(BUILT_IN_INDEX)) {
            if (in == null) return List.of();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUILT_IN_INDEX, e);
        }
    }
}
