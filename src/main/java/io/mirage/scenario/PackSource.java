package io.mirage.scenario;

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

    static PackSource folder(Path dir) {
        return new PackSource() {
            @Override
            public Optional<String> read(String relativePath) {
                Path file = dir.resolve(relativePath).normalize();
                if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) return Optional.empty();
                try {
                    return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new InvalidPackException(new InputProblem(file.toString(), 0, "cannot read: " + e.getMessage(), "check the file's permissions"));
                }
            }

            @Override
            public String describe(String relativePath) {
                return dir.resolve(relativePath).toString();
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
        };
    }
}
