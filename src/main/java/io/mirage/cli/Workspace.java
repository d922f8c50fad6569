package io.mirage.cli;

import io.mirage.model.ModelRegistry;
import io.mirage.run.RunStore;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.store.SqliteRunStore;
import io.mirage.world.ToolCatalog;
import picocli.CommandLine.Option;

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

    RunStore openStore() {
        return SqliteRunStore.open(dbPath());
    }
}
