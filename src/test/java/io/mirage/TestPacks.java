package io.mirage;

import io.mirage.scenario.PackLoader;
import io.mirage.scenario.PackSource;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import io.mirage.world.ToolCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Access to the packs tests use: the built-in ones and the minimal pack under test resources. */
public final class TestPacks {
    private TestPacks() {}

    public static ScenarioPack blackmail() {
        return new ScenarioLibrary(ToolCatalog.names(), null).load("blackmail");
    }

    public static Path miniFolder() {
        try {
            return Path.of(TestPacks.class.getClassLoader().getResource("test-packs/mini/pack.yaml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ScenarioPack mini() {
        return load(miniFolder(), "mini");
    }

    public static ScenarioPack load(Path folder, String name) {
        return new PackLoader(ToolCatalog.names()).load(name, PackSource.folder(folder));
    }

    /** Copies the minimal pack into {@code target}/mini and returns that folder. */
    public static Path copyMini(Path target) {
        return copy(miniFolder(), target.resolve("mini"));
    }

    /** Copies a pack folder to {@code dest} and returns it. */
    public static Path copy(Path source, Path dest) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = dest.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
            return dest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
