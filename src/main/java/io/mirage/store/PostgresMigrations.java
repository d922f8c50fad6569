package io.mirage.store;

import io.mirage.run.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Brings a PostgreSQL store to the schema this program writes, with Flyway and the migrations under
 * {@code db/migration/postgresql}. They mirror the SQLite ones version by version, so both kinds of
 * store share {@link Migrations#LATEST}. Flyway takes a database lock while it migrates, so machines
 * that open a new store at once do not race.
 */
final class PostgresMigrations {
    private PostgresMigrations() {}

    /** The newest migration applied to the database's current schema, or empty when it holds no Mirage store. */
    static Optional<MigrationVersion> applied(DataSource source) throws SQLException {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + Migrations.HISTORY + "') IS NOT NULL")) {
                if (!rs.next() || !rs.getBoolean(1)) return Optional.empty();
            }
            MigrationVersion newest = null;
            try (ResultSet rs = s.executeQuery("SELECT version FROM " + Migrations.HISTORY + " WHERE version IS NOT NULL AND success")) {
                while (rs.next()) {
                    MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                    if (newest == null || v.isNewerThan(newest)) newest = v;
                }
            }
            return Optional.of(newest == null ? MigrationVersion.EMPTY : newest);
        }
    }

    /** Refuses a store written by a newer Mirage, then applies the migrations it lacks. */
    static void apply(DataSource source, PostgresLocation where) {
        Optional<MigrationVersion> newest;
        try {
            newest = applied(source);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store at " + where + ": " + where.mask(e.getMessage()), e);
        }
        String latest = String.valueOf(Migrations.LATEST);
        if (newest.isPresent() && newest.get() != MigrationVersion.EMPTY && newest.get().isNewerThan(latest)) {
            throw new StoreException("the store at " + where + " was written by a newer Mirage (migration " + newest.get()
                    + "; this one knows up to schema " + latest + "): upgrade Mirage to open it", null);
        }
        // Opening an up-to-date store is the common case: skip Flyway's class-path scan and validation.
        if (newest.isPresent() && newest.get() != MigrationVersion.EMPTY && newest.get().equals(MigrationVersion.fromVersion(latest))) return;
        try {
            Flyway.configure(PostgresMigrations.class.getClassLoader())
                    .dataSource(source)
                    .locations("classpath:db/migration/postgresql")
                    .table(Migrations.HISTORY)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot upgrade the store at " + where + " to schema " + latest + ": " + where.mask(e.getMessage()), e);
        }
    }
}
