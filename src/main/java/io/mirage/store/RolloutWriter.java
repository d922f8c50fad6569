package io.mirage.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.agent.Rollout;
import io.mirage.model.Usage;
import io.mirage.run.FinishedRollout;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stores finished rollouts on the caller's connection and transaction, for both stores: the row (status, usage, costs,
 * the compact record) only while this owner holds the rollout or nobody ever claimed it, then its verdicts. The long
 * texts of the stored records are gathered for the caller to put in the texts table.
 */
final class RolloutWriter implements AutoCloseable {
    private final RecordCodec codec;
    private final PreparedStatement update;
    private final PreparedStatement planned;
    private final VerdictWriter verdicts;
    private final Map<String, String> texts = new LinkedHashMap<>();

    RolloutWriter(Connection connection, RecordCodec codec, ObjectMapper json) throws SQLException {
        this.codec = codec;
        // the lease ends, claimed_by stays
        this.update = connection.prepareStatement("""
                UPDATE rollouts SET status = ?, error = ?, attempts = attempts + 1, turns = ?, input_tokens = ?,
                  output_tokens = ?, cache_read_tokens = ?, cache_write_tokens = ?, started_at = ?, duration_ms = ?,
                  record = ?, record_json = NULL, cost_usd = ?, retries = ?, lease_until = NULL,
                  stakeholder_input_tokens = ?, stakeholder_output_tokens = ?, stakeholder_cost_usd = ?
                WHERE run_id = ? AND idx = ? AND (claimed_by IS NULL OR claimed_by = ?)""");
        this.planned = connection.prepareStatement("SELECT 1 FROM rollouts WHERE run_id = ? AND idx = ?");
        this.verdicts = new VerdictWriter(connection, json);
    }

    /**
     * Stores one rollout; false when another owner holds it now (it claimed the rollout after this one's lease ran out:
     * theirs stands). A rollout that is not in the run's plan is an error.
     */
    boolean save(String runId, String owner, FinishedRollout f) throws SQLException, IOException {
        Rollout r = f.rollout();
        int idx = f.plan().index();
        update.setString(1, r.status().name().toLowerCase());
        update.setString(2, r.error());
        update.setInt(3, r.turns());
        update.setLong(4, r.usage().inputTokens());
        update.setLong(5, r.usage().outputTokens());
        update.setLong(6, r.usage().cacheReadTokens());
        update.setLong(7, r.usage().cacheWriteTokens());
        update.setString(8, r.startedAt().toString());
        update.setLong(9, r.durationMillis());
        RecordCodec.Encoded record = codec.encode(RolloutRecord.of(r, f.parameters()));
        update.setBytes(10, record.bytes());
        setDouble(11, f.costUsd());
        update.setInt(12, r.retryCount());
        Usage stakeholders = r.stakeholderUsage();
        if (stakeholders == null) {
            update.setNull(13, Types.BIGINT);
            update.setNull(14, Types.BIGINT);
        } else {
            update.setLong(13, stakeholders.inputTokens() + stakeholders.cacheReadTokens() + stakeholders.cacheWriteTokens());
            update.setLong(14, stakeholders.outputTokens());
        }
        setDouble(15, f.stakeholderCostUsd());
        update.setString(16, runId);
        update.setInt(17, idx);
        update.setString(18, owner);
        if (update.executeUpdate() != 1) {
            planned.setString(1, runId);
            planned.setInt(2, idx);
            try (ResultSet rs = planned.executeQuery()) {
                if (!rs.next()) throw new SQLException("rollout " + idx + " is not in the plan of run " + runId);
            }
            return false;
        }
        texts.putAll(record.texts());
        verdicts.replace(runId, idx, f.verdicts());
        return true;
    }

    /** Sends the batched verdicts; call before the transaction commits. */
    void flush() throws SQLException {
        verdicts.flush();
    }

    /** The long texts of the rollouts stored so far, by hash. */
    Map<String, String> texts() {
        return texts;
    }

    private void setDouble(int index, Double value) throws SQLException {
        if (value == null) update.setNull(index, Types.DOUBLE);
        else update.setDouble(index, value);
    }

    @Override
    public void close() throws SQLException {
        try (verdicts; planned; update) {
            // closed in reverse order
        }
    }
}
