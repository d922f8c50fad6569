package io.mirage.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.detect.Evidence;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.run.FirstEvidence;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link io.mirage.run.RunStore#firstEvidence} from the verdicts table alone: the evidence of every yes verdict, without
 * reading (and inflating) each rollout's record. The same SQL on SQLite and PostgreSQL.
 */
final class FirstEvidenceQuery {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Evidence>> EVIDENCE = new TypeReference<>() {};

    private FirstEvidenceQuery() {}

    static List<FirstEvidence> read(Connection c, String runId) throws SQLException, IOException {
        List<FirstEvidence> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT idx, behaviour, source, evidence_json FROM verdicts WHERE run_id = ? AND outcome = 'yes' ORDER BY idx")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    List<Evidence> evidence = JSON.readValue(rs.getString(4), EVIDENCE);
                    FirstEvidence.of(rs.getInt(1), new Verdict(rs.getString(2), Outcome.YES, rs.getString(3), evidence, null)).ifPresent(out::add);
                }
            }
        }
        return out;
    }
}
