package io.mirage.store;

import io.mirage.run.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings a workspace database to the schema this program writes, with Flyway and the versioned
 * migrations under {@code db/migration/sqlite}. Each migration also sets {@code PRAGMA user_version},
 * which is how stores were versioned before Flyway: a store from then (no history table) is
 * baselined at its user_version and upgraded from there, and releases before Flyway refuse a store
 * that is newer than they are.
 */
final class Migrations {
    /** The highest migration this program has; a store past it was written by a newer Mirage. */
    static final int LATEST = 5;
    static final String HISTORY = "flyway_schema_history";

    private Migrations() {}

    static void apply(Path file) {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        source.setJournalMode("WAL");
        source.setBusyTimeout(10_000);
        int version;
        boolean history;
        MigrationVersion newest = null;
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.getInt(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + HISTORY + "'")) {
                history = rs.next();
            }
            if (history) {
                try (ResultSet rs = s.executeQuery("SELECT version FROM " + HISTORY + " WHERE version IS NOT NULL")) {
                    while (rs.next()) {
                        MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                        if (newest == null || v.isNewerThan(newest)) newest = v;
                    }
                }
            }
        } catch (SQLException | FlywayException e) {
            throw new StoreException("cannot open the store at " + file + ": " + e.getMessage(), e);
        }
        if (version > LATEST) throw newer(file, "schema " + version);
        if (newest != null && newest.isNewerThan(String.valueOf(LATEST))) throw newer(file, "migration " + newest);
        // Opening an up-to-date store is the common case: skip Flyway's class-path scan and validation.
        if (version == LATEST && history) return;
        try {
            Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(source)
                    .locations("classpath:db/migration/sqlite")
                    .table(HISTORY)
                    .baselineOnMigrate(!history && version > 0)
                    .baselineVersion(String.valueOf(Math.max(version, 1)))
                    .baselineDescription("schema " + version + " from before Flyway (PRAGMA user_version)")
                    .load();
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot upgrade the store at " + file + " to schema " + LATEST + ": " + e.getMessage(), e);
        }
    }

    private static StoreException newer(Path file, String what) {
        return new StoreException("the store at " + file + " was written by a newer Mirage (" + what + "; this one knows up to schema "
                + LATEST + "): upgrade Mirage to open it", null);
    }
}
