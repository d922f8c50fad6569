package io.mirage.store;

import io.mirage.run.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.sqlite.SQLiteConfig;
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
    static final int LATEST = 9;
    /** The oldest schema this program reads as it is, without upgrading it (a store it cannot write). */
    static final int READABLE = 5;
    static final String HISTORY = "flyway_schema_history";

    private Migrations() {}

    /** Attempts at bringing a store up to date while other processes may be doing the same. */
    private static final int ATTEMPTS = 20;
    /** How losing such a race shows: what the winner created exists, or its transaction holds the lock. */
    private static final java.util.regex.Pattern RACE = java.util.regex.Pattern.compile(
            "(?i)already exists|duplicate column|SQLITE_BUSY|database is locked");

    /**
     * Brings the store up to date. Several processes may open a new (or old) store at once: each
     * migration is one transaction that takes the write lock first, so only one of them applies it and
     * the others fail on what it created ("table runs already exists") or on its lock; they look again
     * and find the store up to date, or take the next migration.
     */
    static void apply(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(60_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        for (int attempt = 1; ; attempt++) {
            try {
                applyOnce(file, source);
                return;
            } catch (StoreException e) {
                if (attempt == ATTEMPTS || !RACE.matcher(String.valueOf(e.getMessage())).find()) throw e;
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(20, 50 * Math.min(attempt, 6)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void applyOnce(Path file, SQLiteDataSource source) {
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
