package io.mirage.store;

import io.mirage.agent.RolloutStatus;
import io.mirage.run.PlannedRollout;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading the rollout columns both stores share. */
final class Rows {
    private Rows() {}

    /** A rollout's status; pending and skipped rollouts have none. */
    static RolloutStatus status(String text) {
        return text.equals("pending") || text.equals("skipped") ? null : RolloutStatus.valueOf(text.toUpperCase());
    }

    /** The plan columns (idx, condition_id, model, sample, seed) of the current row. */
    static PlannedRollout planned(ResultSet rs) throws SQLException {
        return new PlannedRollout(rs.getInt("idx"), rs.getString("condition_id"), rs.getString("model"), rs.getInt("sample"), rs.getLong("seed"));
    }

    /** Whether the row has this column (a read-only store of an older schema lacks the newer ones). */
    static boolean hasColumn(ResultSet rs, String column) throws SQLException {
        java.sql.ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) if (meta.getColumnName(i).equalsIgnoreCase(column)) return true;
        return false;
    }
}
