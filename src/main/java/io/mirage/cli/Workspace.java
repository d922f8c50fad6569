package io.mirage.cli;

import io.mirage.model.ModelRegistry;
import io.mirage.run.RunStore;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.store.PostgresLocation;
import io.mirage.store.PostgresRunStore;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.ToolCatalog;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Options every command shares, and the wiring of the pieces they need. */
final class Workspace {
    static final String DB_ENV = "MIRAGE_DB";

    @Option(names = "--db", paramLabel = "FILE|URL",
            description = "The workspace database: a SQLite file, or a PostgreSQL database as postgresql://USER@HOST:PORT/DB "
                    + "(password from $PGPASSWORD) (default: $" + DB_ENV + ", else .mirage/mirage.db).")
    String db;

    @Option(names = "--scenarios", paramLabel = "DIR",
            description = "A folder of scenario packs (or one pack folder) to use besides the built-in ones.")
    Path scenarios;

    ScenarioLibrary library() {
        return new ScenarioLibrary(ToolCatalog.names(), scenarios);
    }

    static ModelRegistry models() {
        return Providers.registry();
    }

    private String setting() {
        if (db != null) return db;
        String env = System.getenv(DB_ENV);
        return env != null && !env.isBlank() ? env : Path.of(".mirage", "mirage.db").toString();
    }

    /** The PostgreSQL database the setting names, if it names one rather than a SQLite file. */
    Optional<PostgresLocation> postgres() {
        String setting = setting();
        if (!PostgresLocation.isUrl(setting)) return Optional.empty();
        try {
            return Optional.of(PostgresLocation.parse(setting, System.getenv()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " (from " + source() + ")");
        }
    }

    /** The SQLite file; only for a setting that is not a PostgreSQL URL. */
    Path dbPath() {
        return Path.of(setting());
    }

    /** The store as messages name it: the file, or the URL with any password masked. */
    String dbName() {
        return postgres().map(PostgresLocation::toString).orElseGet(() -> dbPath().toString());
    }

    /** The folder files made from the store go in (reports/): the SQLite file's, or .mirage for a database server. */
    Path storeFolder() {
        if (postgres().isPresent()) return Path.of(".mirage").toAbsolutePath();
        Path file = dbPath().toAbsolutePath();
        return file.getParent() == null ? Path.of(".") : file.getParent();
    }

    /** Opens the store, creating it (and its folder, or its tables) when missing: for commands that write runs. */
    RunStore openStore() {
        Optional<PostgresLocation> server = postgres();
        if (server.isPresent()) return PostgresRunStore.open(server.get());
        return SqliteRunStore.open(dbPath());
    }

    /**
     * Opens a store that must already exist: for commands that only read it, so that a mistyped --db
     * is refused instead of leaving an empty database (and folder) behind, and so that a store on a
     * read-only folder or mount is still read.
     */
    RunStore openExistingStore() {
        Optional<PostgresLocation> server = postgres();
        if (server.isPresent()) {
            return PostgresRunStore.openExisting(server.get()).orElseThrow(() -> new UsageException("no Mirage store in the database "
                    + server.get() + " (from " + source() + "); `mirage run` or `mirage demo` creates one"));
        }
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
