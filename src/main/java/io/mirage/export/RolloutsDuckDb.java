package io.mirage.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a run's rollouts table as a Parquet file or into a DuckDB database (table {@code rollouts}),
 * through DuckDB: the rows go to a temporary CSV first, one rollout at a time, and DuckDB reads it
 * with the documented column types (nothing is inferred), so that memory stays flat.
 */
public final class RolloutsDuckDb {
    /** The table a DuckDB export holds. */
    public static final String TABLE = "rollouts";

    private RolloutsDuckDb() {}

    /** Writes {@code file} as Parquet and returns the number of rows. */
    public static long parquet(RunExport run, Path file) throws IOException {
        return viaCsv(run, (statement, select) -> {
            Files.deleteIfExists(file);
            statement.execute("COPY (" + select + ") TO " + literal(file.toAbsolutePath().toString()) + " (FORMAT PARQUET, COMPRESSION ZSTD)");
        }, null);
    }

    /** Writes the table {@value #TABLE} into the DuckDB database {@code file} (replacing an earlier one) and returns the rows. */
    public static long database(RunExport run, Path file) throws IOException {
        return viaCsv(run, (statement, select) -> statement.execute("CREATE OR REPLACE TABLE " + TABLE + " AS " + select), file);
    }

    private interface Load {
        void into(Statement statement, String select) throws SQLException, IOException;
    }

    private static long viaCsv(RunExport run, Load load, Path database) throws IOException {
        Path csv = Files.createTempFile("mirage-export", ".csv");
        try {
            long rows = RolloutsCsv.write(run, csv);
            String url = "jdbc:duckdb:" + (database == null ? "" : database.toAbsolutePath());
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                load.into(statement, select(RolloutColumns.of(run.factors()), csv));
            } catch (SQLException e) {
                throw new IOException("DuckDB: " + e.getMessage(), e);
            }
            return rows;
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /** A query reading the CSV with every column's declared type; an empty field is NULL. */
    static String select(List<RolloutColumns.Column> columns, Path csv) {
        String types = columns.stream().map(c -> literal(c.name()) + ": " + literal(c.type())).collect(Collectors.joining(", "));
        return "SELECT * FROM read_csv(" + literal(csv.toAbsolutePath().toString()) + ", header = true, delim = ',', quote = '\"', escape = '\"',"
                + " auto_detect = false, columns = {" + types + "})";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
