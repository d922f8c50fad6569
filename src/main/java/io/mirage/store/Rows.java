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
}
