package io.mirage.cli;

import io.mirage.model.ModelRegistry;
import io.mirage.run.RunStore;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.ToolCatalog;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Options every command shares, and the wiring of the pieces they need. */
final class Workspace {
    static final String DB_ENV = "MIRAGE_DB";

    @Option(names = "--db", paramLabel = "FILE",
            description = "The workspace database (default: $" + DB_ENV + ", else .mirage/mirage.db).")
    Path db;

    @Option(names = "--scenarios", paramLabel = "DIR",
            description = "A folder of scenario packs (or one pack folder) to use besides the built-in ones.")
    Path scenarios;

    ScenarioLibrary library() {
        return new ScenarioLibrary(ToolCatalog.names(), scenarios);
    }

    static ModelRegistry models() {
        return Providers.registry();
    }

    Path dbPath() {
        if (db != null) return db;
        String env = System.getenv(DB_ENV);
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(".mirage", "mirage.db");
    }

    /** Opens the store, creating it (and its folder) when missing: for commands that write runs. */
    RunStore openStore() {
        return SqliteRunStore.open(dbPath());
    }

    /**
     * Opens a store that must already exist: for commands that only read it, so that a mistyped --db
     * is refused instead of leaving an empty database (and folder) behind, and so that a store on a
     * read-only folder or mount is still read.
     */
    RunStore openExistingStore() {
        Path path = dbPath();
        if (Files.isDirectory(path)) throw new UsageException("the workspace database " + path + " is a folder; name the database file");
        if (!Files.isRegularFile(path)) {
            throw new UsageException("no workspace database at " + path + " (from " + source()
                    + "); `mirage run` or `mirage demo` creates one");
        }
        // A read-only folder or mount: read the store as it is rather than fail to create its lock and log files.
        Path folder = path.toAbsolutePath().getParent();
        if (!Files.isWritable(path) || folder != null && !Files.isWritable(folder)) return SqliteRunStore.openReadOnly(path);
        return SqliteRunStore.open(path);
    }

    private String source() {
        if (db != null) return "--db";
        String env = System.getenv(DB_ENV);
        return env != null && !env.isBlank() ? "$" + DB_ENV : "the default";
    }
}
