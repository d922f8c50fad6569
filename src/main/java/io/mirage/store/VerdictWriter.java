package io.mirage.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.detect.Verdict;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Replaces a rollout's verdicts source by source, batching the inserts, on the caller's connection and transaction. */
final class VerdictWriter implements AutoCloseable {
    private final ObjectMapper json;
    private final PreparedStatement clear;
    private final PreparedStatement insert;

    VerdictWriter(Connection connection, ObjectMapper json) throws SQLException {
        this.json = json;
        clear = connection.prepareStatement("DELETE FROM verdicts WHERE run_id = ? AND idx = ? AND source = ?");
        insert = connection.prepareStatement("INSERT INTO verdicts(run_id, idx, behaviour, source, outcome, reason, evidence_json,"
                + " judgement_json) VALUES (?,?,?,?,?,?,?,?)");
    }

    void replace(String runId, int idx, List<Verdict> verdicts) throws SQLException, JsonProcessingException {
        for (String source : verdicts.stream().map(Verdict::source).distinct().toList()) {
            clear.setString(1, runId);
            clear.setInt(2, idx);
            clear.setString(3, source);
            clear.executeUpdate();
        }
        for (Verdict v : verdicts) {
            insert.setString(1, runId);
            insert.setInt(2, idx);
            insert.setString(3, v.behaviour());
            insert.setString(4, v.source());
            insert.setString(5, v.outcome().name().toLowerCase());
            insert.setString(6, v.reason());
            insert.setString(7, json.writeValueAsString(v.evidence()));
            insert.setString(8, v.judgement() == null ? null : json.writeValueAsString(v.judgement()));
            insert.addBatch();
        }
    }

    void flush() throws SQLException {
        insert.executeBatch();
    }

    @Override
    public void close() throws SQLException {
        clear.close();
        insert.close();
    }
}
