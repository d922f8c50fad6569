package io.mirage.scenario;

import io.mirage.config.InputFiles;
import io.mirage.config.InputProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a pack's files come from: a folder on disk or the resources shipped in the jar. */
public interface PackSource {

    /** The file's text, or empty when there is no such file. */
    Optional<String> read(String relativePath);

    /** How to name a file of this pack in a message. */
    String describe(String relativePath);

    /**
     * The files directly in a sub-folder of the pack whose names end with {@code suffix}, as paths relative to
     * the pack, sorted; empty when there is no such folder. Lets a pack carry extra material by folder
     * convention (its gold set in {@code gold/}) without a manifest key.
     */
    java.util.List<String> list(String folder, String suffix);

    /**
     * A pack folder on disk. Every file is read through its real path (links resolved), and one whose real path lies
     * outside the pack folder's is refused: a link from {@code emails/body.md} to {@code /etc/passwd} would otherwise
     * put that file into the agent's inbox and the run's stored pack.
     */
    static PackSource folder(Path dir) {
        return new PackSource() {
            @Override
            public Optional<String> read(String relativePath) {
                Path file = dir.resolve(relativePath).normalize();
                if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) return Optional.empty();
                insidePack(file, relativePath);
                InputFiles.Result result = InputFiles.read(file, file.toString());
                if (result.problem() != null) throw new InvalidPackException(result.problem());
                return Optional.of(result.text());
            }

            @Override
            public String describe(String relativePath) {
                return dir.resolve(relativePath).toString();
            }

            @Override
            public java.util.List<String> list(String folder, String suffix) {
                Path sub = dir.resolve(folder).normalize();
                if (!sub.startsWith(dir.normalize()) || !Files.isDirectory(sub)) return java.util.List.of();
                insidePack(sub, folder);
                try (java.util.stream.Stream<Path> files = Files.list(sub)) {
                    java.util.List<Path> matching = files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix))
                            .sorted().toList();
                    for (Path f : matching) insidePack(f, folder + "/" + f.getFileName());
                    return matching.stream().map(f -> folder + "/" + f.getFileName()).toList();
                } catch (IOException e) {
                    throw new InvalidPackException(new InputProblem(sub.toString(), 0, "cannot list: " + e.getMessage(), "check the folder's permissions"));
                }
            }

            private void insidePack(Path path, String relativePath) {
                Path real;
                Path realDir;
                try {
                    realDir = dir.toRealPath();
                    real = path.toRealPath();
                } catch (IOException e) {
                    throw new InvalidPackException(new InputProblem(path.toString(), 0, "cannot resolve: " + e.getMessage(),
                            "check that the file and the folders above it exist and can be read"));
                }
                if (!real.startsWith(realDir)) {
                    throw new InvalidPackException(new InputProblem(path.toString(), 0, "'" + relativePath + "' leads outside the pack folder (to "
                            + real + ") through a symbolic link", "copy the file into the pack folder instead of linking to it"));
                }
            }
        };
    }

    /** A pack's files as a run stored them (see ScenarioLibrary#files). */
    static PackSource snapshot(String pack, java.util.Map<String, String> files) {
        java.util.Map<String, String> copy = java.util.Map.copyOf(files);
        return new PackSource() {
            @Override
            public Optional<String> read(String relativePath) {
                return Optional.ofNullable(copy.get(relativePath));
            }

            @Override
            public String describe(String relativePath) {
                return "(stored with the run) " + pack + "/" + relativePath;
            }

            @Override
            public java.util.List<String> list(String folder, String suffix) {
                return copy.keySet().stream().filter(p -> p.startsWith(folder + "/") && p.indexOf('/', folder.length() + 1) < 0 && p.endsWith(suffix))
                        .sorted().toList();
            }
        };
    }

    static PackSource classpath(String prefix) {
        return new PackSource() {
            @Override
            public Optional<String> read(String relativePath) {
                if (relativePath.contains("..")) return Optional.empty();
                try (InputStream in = PackSource.class.getClassLoader().getResourceAsStream(prefix + "/" + relativePath)) {
                    return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read built-in resource " + prefix + "/" + relativePath, e);
                }
            }

            @Override
            public String describe(String relativePath) {
                return "(built-in) " + prefix + "/" + relativePath;
            }

            /** Resources have no listing API: a folder on the class path is read as a directory, one in a jar from its entries. */
            @Override
            public java.util.List<String> list(String folder, String suffix) {
                String resource = prefix + "/" + folder;
                java.net.URL url = PackSource.class.getClassLoader().getResource(resource);
                if (url == null || folder.contains("..")) return java.util.List.of();
                try {
                    java.util.stream.Stream<String> names;
                    if (url.getProtocol().equals("jar")) {
                        java.net.JarURLConnection jar = (java.net.JarURLConnection) url.openConnection();
                        jar.setUseCaches(false);
                        try (java.util.jar.JarFile file = jar.getJarFile()) {
                            String entryPrefix = resource + "/";
                            names = file.stream().map(java.util.jar.JarEntry::getName)
                                    .filter(n -> n.startsWith(entryPrefix) && n.indexOf('/', entryPrefix.length()) < 0)
                                    .map(n -> n.substring(entryPrefix.length())).toList().stream();
                        }
                    } else {
                        try (java.util.stream.Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                            names = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList().stream();
                        }
                    }
                    return names.filter(n -> n.endsWith(suffix)).sorted().map(n -> folder + "/" + n).toList();
                } catch (IOException | java.net.URISyntaxException e) {
                    throw new IllegalStateException("cannot list built-in resource folder " + resource, e);
                }
            }
        };
    }
}
