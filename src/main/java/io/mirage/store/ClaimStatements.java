package io.mirage.store;

import io.mirage.run.ClaimOwner;
import io.mirage.run.PlannedRollout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The statements of the claim contract (see RunStore) that SQLite and PostgreSQL share, run on a
 * connection inside the caller's transaction: each store only brings its way of locking.
 */
final class ClaimStatements {
    private final String owner;
    private final long leaseMillis;

    ClaimStatements(String owner, long leaseMillis) {
        this.owner = owner;
        this.leaseMillis = leaseMillis;
    }

    /**
     * Claims up to {@code max} unfinished rollouts among {@code wanted} with no live lease, sample by
     * sample. {@code lockRows} is appended to the SELECT (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite
     * has locked the database already with BEGIN IMMEDIATE).
     */
    List<PlannedRollout> claim(Connection c, String runId, Set<Integer> wanted, boolean includeErrors, int max, String lockRows)
            throws SQLException {
        long now = System.currentTimeMillis();
        freeLeasesOfGoneOwners(c, runId, now);
        List<PlannedRollout> claimed = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT idx, condition_id, model, sample, seed FROM rollouts"
                + " WHERE run_id = ? AND (status = 'pending'" + (includeErrors ? " OR status = 'error'" : "") + ")"
                + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY sample, idx" + lockRows)) {
            q.setString(1, runId);
            q.setLong(2, now);
            try (ResultSet rs = q.executeQuery()) {
                while (claimed.size() < max && rs.next()) {
                    if (wanted.contains(rs.getInt(1))) {
                        claimed.add(Rows.planned(rs));
                    }
                }
            }
        }
        try (PreparedStatement take = c.prepareStatement("UPDATE rollouts SET claimed_by = ?, lease_until = ? WHERE run_id = ? AND idx = ?")) {
            for (PlannedRollout p : claimed) {
                take.setString(1, owner);
                take.setLong(2, now + leaseMillis);
                take.setString(3, runId);
                take.setInt(4, p.index());
                take.addBatch();
            }
            take.executeBatch();
        }
        return List.copyOf(claimed);
    }

    /** Ends the leases of owners on this machine that are no longer running (killed): their work need not wait. */
    void freeLeasesOfGoneOwners(Connection c, String runId, long now) throws SQLException {
        for (String table : List.of("rollouts", "judge_claims")) {
            List<String> holders = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT claimed_by FROM " + table + " WHERE run_id = ? AND lease_until >= ?")) {
                q.setString(1, runId);
                q.setLong(2, now);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) holders.add(rs.getString(1));
                }
            }
            for (String holder : holders) {
                if (holder.equals(owner) || !ClaimOwner.gone(holder)) continue;
                try (PreparedStatement free = c.prepareStatement(
                        "UPDATE " + table + " SET lease_until = 0 WHERE run_id = ? AND claimed_by = ? AND lease_until >= ?")) {
                    free.setString(1, runId);
                    free.setString(2, holder);
                    free.setLong(3, now);
                    free.executeUpdate();
                }
            }
        }
    }

    /** Extends every lease this owner holds, rollouts and judge questions, to a lease from now. */
    void renew(Connection c) throws SQLException {
        long until = System.currentTimeMillis() + leaseMillis;
        for (String sql : List.of("UPDATE rollouts SET lease_until = ? WHERE claimed_by = ? AND lease_until IS NOT NULL",
                "UPDATE judge_claims SET lease_until = ? WHERE claimed_by = ?")) {
            try (PreparedStatement u = c.prepareStatement(sql)) {
                u.setLong(1, until);
                u.setString(2, owner);
                u.executeUpdate();
            }
        }
    }

    /** Gives back this owner's claims on these rollouts. */
    void release(Connection c, String runId, Collection<Integer> indices) throws SQLException {
        perIndex(c, "UPDATE rollouts SET lease_until = NULL WHERE run_id = ? AND claimed_by = ? AND idx = ?", runId, null, indices);
    }

    /** Gives back this owner's claims on a judge's questions about these rollouts. */
    void releaseJudging(Connection c, String runId, String judge, Collection<Integer> indices) throws SQLException {
        perIndex(c, "DELETE FROM judge_claims WHERE run_id = ? AND claimed_by = ? AND idx = ? AND judge = ?", runId, judge, indices);
    }

    /** Gives back everything this owner still holds (when its store closes). */
    void releaseAll(Connection c) throws SQLException {
        try (PreparedStatement rollouts = c.prepareStatement("UPDATE rollouts SET lease_until = NULL WHERE claimed_by = ? AND lease_until IS NOT NULL");
             PreparedStatement judging = c.prepareStatement("DELETE FROM judge_claims WHERE claimed_by = ?")) {
            rollouts.setString(1, owner);
            rollouts.executeUpdate();
            judging.setString(1, owner);
            judging.executeUpdate();
        }
    }

    /** Runs {@code sql} (run id, owner, index[, judge]) for each index. */
    private void perIndex(Connection c, String sql, String runId, String judge, Collection<Integer> indices) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(sql)) {
            for (int idx : indices) {
                u.setString(1, runId);
                u.setString(2, owner);
                u.setInt(3, idx);
                if (judge != null) u.setString(4, judge);
                u.addBatch();
            }
            u.executeBatch();
        }
    }
}
