package io.mirage.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.agent.Rollout;
import io.mirage.detect.Evidence;
import io.mirage.detect.Judgement;
import io.mirage.judge.Awareness;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.CellStop;
import io.mirage.run.ClaimOwner;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.model.Usage;
import io.mirage.run.StakeholderSpend;
import io.mirage.run.FinishedRollout;
import io.mirage.run.PlannedRollout;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.StoreException;
import io.mirage.run.StoredOutcome;
import io.mirage.run.WorkerStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: one SQLite database per workspace, in WAL mode so a killed process never
 * leaves a half-written rollout. A rollout's transcript and events are kept as one compact record
 * (see {@link RecordCodec}) beside the columns reports filter on; its long strings live once in
 * the {@code texts} table, shared by every rollout that quotes them.
 */
public final class SqliteRunStore implements RunStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Characters of shared texts kept in memory: enough for the prompts and mail of many conditions. */
    private static final long TEXT_CACHE_CHARS = 8_000_000;

    /** How long a claim lasts unless renewed: long enough for a slow model call between two heartbeats. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    /** Stored batches between two checkpoints, so a lost write-ahead log costs at most that many. */
    private static final int CHECKPOINT_EVERY = 16;
    /** How long a write waits for another process's transaction: long, since waiting is always right. */
    private static final int BUSY_TIMEOUT_MS = 60_000;

    private final Connection connection;
    private final RecordCodec codec = new RecordCodec(JSON);
    private final SharedTexts texts = new SharedTexts(TEXT_CACHE_CHARS);
    private final String owner = ClaimOwner.newOwner().id();
    private final Duration lease;
    private final ClaimStatements claims;
    private final boolean readOnly;
    private int savesSinceCheckpoint;

    private SqliteRunStore(Connection connection, Duration lease, boolean readOnly) {
        this.connection = connection;
        this.lease = lease;
        this.claims = new ClaimStatements(owner, lease.toMillis());
        this.readOnly = readOnly;
    }

    public static SqliteRunStore open(Path file) {
        return open(file, DEFAULT_LEASE);
    }

    /** Opens (creating or upgrading) the store, with claims that last {@code lease} unless renewed. */
    public static SqliteRunStore open(Path file, Duration lease) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Migrations.apply(file);
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // NORMAL in WAL mode is safe against a killed process; only power loss can drop the last commits.
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            config.enforceForeignKeys(true);
            // Every transaction takes the write lock when it begins: one that read first and wrote later could
            // otherwise find its snapshot stale (SQLITE_BUSY_SNAPSHOT) when another process wrote in between.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            return new SqliteRunStore(c, lease, false);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open the store at " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing store only to read it, where it cannot be written (a read-only folder or
     * mount): SQLite is told the file cannot change ({@code immutable=1}), so it needs neither the
     * write-ahead log's shared memory nor a lock. What a crashed writer left in {@code *.db-wal} is
     * not seen; a store closed normally has nothing there.
     */
    public static SqliteRunStore openReadOnly(Path file) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?mode=ro&immutable=1";
        try {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                int version = rs.getInt(1);
                if (version > Migrations.LATEST || version < Migrations.READABLE) {
                    c.close();
                    throw new StoreException("the read-only store at " + file + " has schema " + version + ", and this Mirage reads schemas "
                            + Migrations.READABLE + " to " + Migrations.LATEST + (version < Migrations.READABLE
                            ? ": open it once where it can be written, to upgrade it" : ": upgrade Mirage to read it"), null);
                }
            }
            return new SqliteRunStore(c, DEFAULT_LEASE, true);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store at " + file + " to read it: " + e.getMessage(), e);
        }
    }

    /**
     * Copies what the write-ahead log holds into the database file, without waiting for readers
     * ({@code PASSIVE}) or, when {@code truncate}, waiting for them and emptying the log. Done after a
     * plan, every few stored batches and at close, so deleting {@code *.db-wal} after a crash (which
     * nobody should) loses at most the last batches, not the run.
     */
    private void checkpoint(boolean truncate) {
        if (readOnly) return;
        autoCommit(); // a checkpoint cannot run inside a transaction
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(" + (truncate ? "TRUNCATE" : "PASSIVE") + ")");
        } catch (SQLException e) {
            // A checkpoint is an insurance, not a write: the data is safe in the log either way.
        }
        savesSinceCheckpoint = 0;
    }

    /**
     * Moves everything in the write-ahead log into the database file and empties the log, so the
     * file's size is what the data takes (for measurements; SQLite also does this by itself).
     */
    public synchronized void checkpoint() {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new StoreException("cannot checkpoint the store: " + e.getMessage(), e);
        }
    }

    /** This store's name in the claims it holds. */
    public String owner() {
        return owner;
    }

    @Override
    public synchronized RunSpec plan(RunSpec wanted) {
        String runId = wanted.id();
        try {
            connection.setAutoCommit(false);
            RunSpec stored = null;
            try (PreparedStatement exists = connection.prepareStatement("SELECT spec_json FROM runs WHERE id = ?")) {
                exists.setString(1, runId);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) stored = JSON.readValue(rs.getString(1), RunSpec.class).withStoredId(runId);
                }
            }
            RunSpec spec = stored == null ? wanted : stored.grownBy(wanted);
            if (stored != null && spec.equals(stored)) {
                connection.rollback();
                return stored;
            }
            java.util.Set<String> have = new java.util.HashSet<>();
            int next = 0;
            if (stored != null) {
                try (PreparedStatement keys = connection.prepareStatement("SELECT idx, condition_id, model, sample FROM rollouts WHERE run_id = ?")) {
                    keys.setString(1, runId);
                    try (ResultSet rs = keys.executeQuery()) {
                        while (rs.next()) {
                            have.add(rs.getString(2) + "\n" + rs.getString(3) + "\n" + rs.getInt(4));
                            next = Math.max(next, rs.getInt(1) + 1);
                        }
                    }
                }
            }
            List<PlannedRollout> added = new ArrayList<>();
            for (PlannedRollout p : spec.plan()) {
                if (!have.contains(p.conditionId() + "\n" + p.model() + "\n" + p.sample())) {
                    added.add(new PlannedRollout(next++, p.conditionId(), p.model(), p.sample(), p.seed()));
                }
            }
            try (PreparedStatement run = connection.prepareStatement(stored == null
                    ? "INSERT INTO runs(spec_json, planned, created_at, scenario, pack_hash, name, id) VALUES (?,?,?,?,?,?,?)"
                    : "UPDATE runs SET spec_json = ?, planned = ? WHERE id = ?")) {
                run.setString(1, JSON.writeValueAsString(spec));
                run.setInt(2, have.size() + added.size());
                if (stored == null) {
                    run.setString(3, Instant.now().toString());
                    run.setString(4, spec.scenario());
                    run.setString(5, spec.packHash());
                    run.setString(6, spec.name());
                    run.setString(7, runId);
                } else {
                    run.setString(3, runId);
                }
                run.executeUpdate();
            }
            try (PreparedStatement row = connection.prepareStatement(
                    "INSERT INTO rollouts(run_id, idx, condition_id, model, sample, seed) VALUES (?,?,?,?,?,?)")) {
                for (PlannedRollout p : added) {
                    row.setString(1, runId);
                    row.setInt(2, p.index());
                    row.setString(3, p.conditionId());
                    row.setString(4, p.model());
                    row.setInt(5, p.sample());
                    row.setLong(6, p.seed());
                    row.addBatch();
                }
                row.executeBatch();
            }
            connection.commit();
            checkpoint(false);
            return spec.withStoredId(runId);
        } catch (SQLException | JsonProcessingException e) {
            rollbackQuietly();
            throw new StoreException("cannot store the plan of run " + runId + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    @Override
    public synchronized List<PlannedRollout> planned(String runId) {
        return plannedWhere(runId, "");
    }

    private List<PlannedRollout> plannedWhere(String runId, String condition) {
        // Sample first, so what runs first is a balanced share of every cell, also after the run grew.
        String sql = "SELECT idx, condition_id, model, sample, seed FROM rollouts WHERE run_id = ?" + condition + " ORDER BY sample, idx";
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            q.setString(1, runId);
            List<PlannedRollout> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) out.add(Rows.planned(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the plan of run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void tag(String runId, java.util.Collection<String> tags) {
        if (tags.isEmpty()) return;
        try {
            connection.setAutoCommit(false); // read and write in one transaction: tags another process adds meanwhile stay
            java.util.SortedSet<String> all = new java.util.TreeSet<>(tags(runId));
            all.addAll(tags);
            try (PreparedStatement u = connection.prepareStatement("UPDATE runs SET tags = ? WHERE id = ?")) {
                u.setString(1, JSON.writeValueAsString(all));
                u.setString(2, runId);
                u.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | JsonProcessingException e) {
            rollbackQuietly();
            throw new StoreException("cannot tag run " + runId + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    private List<String> tags(String runId) {
        try (PreparedStatement q = connection.prepareStatement("SELECT tags FROM runs WHERE id = ?")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? parseTags(rs.getString(1)) : List.of();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the tags of run " + runId + ": " + e.getMessage(), e);
        }
    }

    private static List<String> parseTags(String json) {
        try {
            return json == null ? List.of() : List.of(JSON.readValue(json, String[].class));
        } catch (JsonProcessingException e) {
            throw new StoreException("unreadable tags: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void saveManifest(String runId, String manifestJson) {
        try (PreparedStatement u = connection.prepareStatement("UPDATE runs SET manifest_json = ? WHERE id = ?")) {
            u.setString(1, manifestJson);
            u.setString(2, runId);
            u.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store the manifest of run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<String> manifest(String runId) {
        try (PreparedStatement q = connection.prepareStatement("SELECT manifest_json FROM runs WHERE id = ?")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the manifest of run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<RunSummary> run(String runId) {
        return summaries("WHERE r.id = ?", runId).stream().findFirst();
    }

    @Override
    public synchronized List<RunSummary> runs() {
        return summaries("", null);
    }

    private List<RunSummary> summaries(String where, String arg) {
        String sql = """
                SELECT r.id, r.created_at, r.spec_json, r.planned,
                  SUM(o.status = 'completed'), SUM(o.status = 'turn_limit'), SUM(o.status = 'error'), SUM(o.status = 'pending'),
                  SUM(o.retries), SUM(o.cost_usd), SUM(o.status = 'skipped'), r.tags
                FROM runs r JOIN rollouts o ON o.run_id = r.id %s
                GROUP BY r.id ORDER BY r.created_at""".formatted(where);
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            if (arg != null) q.setString(1, arg);
            List<RunSummary> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunSummary(rs.getString(1), JSON.readValue(rs.getString(3), RunSpec.class).withStoredId(rs.getString(1)),
                            Instant.parse(rs.getString(2)), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8),
                            rs.getInt(9), rs.getObject(10) == null ? null : rs.getDouble(10), rs.getInt(11), parseTags(rs.getString(12))));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read runs: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<PlannedRollout> unfinished(String runId, boolean includeErrors) {
        return plannedWhere(runId, " AND (status = 'pending'" + (includeErrors ? " OR status = 'error'" : "") + ")");
    }


    @Override
    public synchronized List<Integer> save(String runId, List<FinishedRollout> finished) {
        Map<String, String> shared = new java.util.LinkedHashMap<>();
        List<Integer> dropped = new ArrayList<>();
        try {
            connection.setAutoCommit(false);
            try (RolloutWriter writer = new RolloutWriter(connection, codec, JSON)) {
                for (FinishedRollout f : finished) if (!writer.save(runId, owner, f)) dropped.add(f.plan().index());
                writer.flush();
                shared.putAll(writer.texts());
                texts.store(connection, shared);
            }
            connection.commit();
            texts.committed(shared);
        } catch (SQLException | java.io.IOException e) {
            rollbackQuietly();
            throw new StoreException("cannot store rollouts of run " + runId + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
        if (++savesSinceCheckpoint >= CHECKPOINT_EVERY) checkpoint(false);
        return List.copyOf(dropped);
    }

    @Override
    public Duration lease() {
        return lease;
    }

    @Override
    public synchronized List<PlannedRollout> claim(String runId, java.util.Collection<Integer> among, boolean includeErrors, int max) {
        // the engine passes a set of what is left, thousands long: copying it on every claim was quadratic
        java.util.Set<Integer> wanted = among instanceof java.util.Set<Integer> set ? set : new java.util.HashSet<>(among);
        // BEGIN IMMEDIATE has locked the database: no other process claims between the read and the write
        return write("claim rollouts of run " + runId, () -> claims.claim(connection, runId, wanted, includeErrors, max, ""));
    }


    @Override
    public synchronized void release(String runId, java.util.Collection<Integer> indices) {
        if (!indices.isEmpty()) write("release rollouts of run " + runId, () -> claims.release(connection, runId, indices));
    }

    @Override
    public synchronized void renewClaims() {
        write("renew claims", () -> claims.renew(connection));
    }

    @Override
    public synchronized List<Integer> claimJudging(String runId, String judge, List<Integer> among, int max) {
        long now = System.currentTimeMillis();
        try {
            connection.setAutoCommit(false);
            claims.freeLeasesOfGoneOwners(connection, runId, now);
            java.util.Set<Integer> held = new java.util.HashSet<>();
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT idx FROM judge_claims WHERE run_id = ? AND judge = ? AND lease_until >= ?")) {
                q.setString(1, runId);
                q.setString(2, judge);
                q.setLong(3, now);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) held.add(rs.getInt(1));
                }
            }
            List<Integer> claimed = new ArrayList<>();
            try (PreparedStatement take = connection.prepareStatement(
                    "INSERT OR REPLACE INTO judge_claims(run_id, idx, judge, claimed_by, lease_until) VALUES (?,?,?,?,?)")) {
                for (int idx : among) {
                    if (claimed.size() == max) break;
                    if (held.contains(idx)) continue;
                    take.setString(1, runId);
                    take.setInt(2, idx);
                    take.setString(3, judge);
                    take.setString(4, owner);
                    take.setLong(5, now + lease.toMillis());
                    take.addBatch();
                    claimed.add(idx);
                }
                take.executeBatch();
            }
            connection.commit();
            return List.copyOf(claimed);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StoreException("cannot claim judge questions of run " + runId + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    @Override
    public synchronized void releaseJudging(String runId, String judge, java.util.Collection<Integer> indices) {
        if (!indices.isEmpty()) write("release judge questions of run " + runId, () -> claims.releaseJudging(connection, runId, judge, indices));
    }

    /** What a write does on the connection, inside {@link #write}'s transaction. */
    private interface Write<T> {
        T run() throws SQLException;
    }

    private interface VoidWrite {
        void run() throws SQLException;
    }

    private void write(String what, VoidWrite work) {
        write(what, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} in one write transaction (BEGIN IMMEDIATE), rolled back on failure. */
    private <T> T write(String what, Write<T> work) {
        try {
            connection.setAutoCommit(false);
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }


    @Override
    public synchronized List<io.mirage.run.FirstEvidence> firstEvidence(String runId) {
        try {
            return FirstEvidenceQuery.read(connection, runId);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot read the evidence of run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<StoredOutcome> outcomes(String runId) {
        String sql = """
                SELECT o.idx, o.condition_id, o.model, o.status, v.behaviour, v.source, v.outcome, v.reason, o.sample,
                  v.outcome = 'indeterminate' AND EXISTS (SELECT 1 FROM verdicts d WHERE d.run_id = v.run_id AND d.idx = v.idx
                    AND d.behaviour = v.behaviour AND d.source = 'detector' AND d.outcome = 'indeterminate' AND d.evidence_json <> '[]')
                FROM rollouts o JOIN verdicts v ON v.run_id = o.run_id AND v.idx = o.idx
                WHERE o.run_id = ? ORDER BY o.idx""";
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            q.setString(1, runId);
            List<StoredOutcome> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredOutcome(rs.getInt(1), rs.getString(2), rs.getString(3), Rows.status(rs.getString(4)),
                            rs.getString(5), rs.getString(6), Outcome.valueOf(rs.getString(7).toUpperCase()), rs.getString(8),
                            rs.getBoolean(10), rs.getInt(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read verdicts of run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized double cost(String runId) {
        try (PreparedStatement q = connection.prepareStatement("SELECT COALESCE(SUM(cost_usd), 0) FROM rollouts WHERE run_id = ?")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the cost of run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized StakeholderSpend stakeholderSpend(String runId) {
        try (PreparedStatement q = connection.prepareStatement("""
                SELECT COUNT(*), COALESCE(SUM(stakeholder_input_tokens), 0), COALESCE(SUM(stakeholder_output_tokens), 0),
                  SUM(stakeholder_cost_usd)
                FROM rollouts WHERE run_id = ? AND stakeholder_input_tokens IS NOT NULL""")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || rs.getInt(1) == 0) return StakeholderSpend.NONE;
                return new StakeholderSpend(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getObject(4) == null ? null : rs.getDouble(4));
            }
        } catch (SQLException e) {
            if (readOnly && String.valueOf(e.getMessage()).contains("no such column")) return StakeholderSpend.NONE; // before schema 9
            throw new StoreException("cannot read what the stakeholders of run " + runId + " cost: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<String> stakeholderReply(String key) {
        try (PreparedStatement q = connection.prepareStatement("SELECT reply FROM stakeholder_replies WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (readOnly && String.valueOf(e.getMessage()).contains("no such table")) return Optional.empty(); // before schema 9
            throw new StoreException("cannot read a cached stakeholder reply: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void saveStakeholderReply(String key, String reply, String model) {
        try (PreparedStatement u = connection.prepareStatement(
                "INSERT INTO stakeholder_replies(key, reply, model, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING")) {
            u.setString(1, key);
            u.setString(2, reply);
            u.setString(3, model);
            u.setString(4, Instant.now().toString());
            u.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot cache a stakeholder reply: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<FinishedRollout> rollout(String runId, int index) {
        try (PreparedStatement q = connection.prepareStatement("SELECT * FROM rollouts WHERE run_id = ? AND idx = ? AND status <> 'pending'");
             PreparedStatement v = connection.prepareStatement("SELECT * FROM verdicts WHERE run_id = ? AND idx = ? ORDER BY source, behaviour")) {
            q.setString(1, runId);
            q.setInt(2, index);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                RolloutRecord record = record(rs);
                Usage usage = new Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"));
                Rollout rollout = new Rollout(record.systemPrompt(), record.transcript(), record.events(),
                        record.calls() == null ? List.of() : record.calls(), usage, rs.getInt("turns"),
                        Rows.status(rs.getString("status")), rs.getString("error"), Instant.parse(rs.getString("started_at")), rs.getLong("duration_ms"),
                        record.note(), record.clockStart(), record.stakeholderUsage());
                v.setString(1, runId);
                v.setInt(2, index);
                List<Verdict> verdicts = new ArrayList<>();
                try (ResultSet vs = v.executeQuery()) {
                    while (vs.next()) {
                        String judgement = vs.getString("judgement_json");
                        verdicts.add(new Verdict(vs.getString("behaviour"), Outcome.valueOf(vs.getString("outcome").toUpperCase()),
                                vs.getString("source"), List.of(JSON.readValue(vs.getString("evidence_json"), Evidence[].class)),
                                vs.getString("reason"), judgement == null ? null : JSON.readValue(judgement, Judgement.class)));
                    }
                }
                Double cost = rs.getObject("cost_usd") == null ? null : rs.getDouble("cost_usd");
                Double stakeholderCost = !Rows.hasColumn(rs, "stakeholder_cost_usd") || rs.getObject("stakeholder_cost_usd") == null ? null
                        : rs.getDouble("stakeholder_cost_usd"); // a read-only store before schema 9 has no such column
                return Optional.of(new FinishedRollout(Rows.planned(rs), rollout, verdicts,
                        record.parameters() == null ? Map.of() : record.parameters(), cost, stakeholderCost));
            }
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot read rollout " + index + " of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** The row's record: compact, or JSON as stores before schema 5 wrote it. */
    private RolloutRecord record(ResultSet rs) throws SQLException, java.io.IOException {
        String legacy = rs.getString("record_json");
        if (legacy != null) return JSON.readValue(legacy, RolloutRecord.class);
        RecordCodec.Parsed parsed = codec.parse(rs.getBytes("record"));
        return codec.decode(parsed, texts.load(connection, parsed.references()));
    }



    @Override
    public synchronized List<Integer> finishedIndices(String runId) {
        return query("SELECT idx FROM rollouts WHERE run_id = ? AND status NOT IN ('pending', 'skipped') ORDER BY idx", runId,
                rs -> rs.getInt(1), "finished rollouts");
    }

    @Override
    public synchronized void saveVerdicts(String runId, int index, List<Verdict> verdicts) {
        try {
            connection.setAutoCommit(false);
            try (VerdictWriter writer = new VerdictWriter(connection, JSON)) {
                writer.replace(runId, index, verdicts);
                writer.flush();
            }
            connection.commit();
        } catch (SQLException | JsonProcessingException e) {
            rollbackQuietly();
            throw new StoreException("cannot store verdicts of rollout " + index + " of run " + runId + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    @Override
    public synchronized void saveAwareness(String runId, AwarenessVerdict a) {
        update("INSERT OR REPLACE INTO awareness(run_id, idx, judge, label, confidence, reasoning) VALUES (?,?,?,?,?,?)",
                "the eval-awareness label of rollout " + a.index(),
                runId, a.index(), a.judge(), a.label().name().toLowerCase(), a.confidence(), a.reasoning());
    }

    @Override
    public synchronized List<AwarenessVerdict> awareness(String runId) {
        return query("SELECT idx, judge, label, confidence, reasoning FROM awareness WHERE run_id = ? ORDER BY idx, judge", runId,
                rs -> new AwarenessVerdict(rs.getInt(1), rs.getString(2), Awareness.valueOf(rs.getString(3).toUpperCase()),
                        rs.getObject(4) == null ? null : rs.getDouble(4), rs.getString(5)), "eval-awareness labels");
    }

    @Override
    public synchronized void saveLabel(String runId, HumanLabel label) {
        update("INSERT OR REPLACE INTO labels(run_id, idx, behaviour, value, note, labelled_at) VALUES (?,?,?,?,?,?)",
                "the label of rollout " + label.index(), runId, label.index(), label.behaviour(),
                label.value().name().toLowerCase(), label.note(), label.labelledAt().toString());
    }

    @Override
    public synchronized List<HumanLabel> labels(String runId) {
        return query("SELECT idx, behaviour, value, note, labelled_at FROM labels WHERE run_id = ? ORDER BY idx, behaviour", runId,
                rs -> new HumanLabel(rs.getInt(1), rs.getString(2), LabelValue.valueOf(rs.getString(3).toUpperCase()),
                        rs.getString(4), Instant.parse(rs.getString(5))), "labels");
    }

    @Override
    public synchronized void stopCell(String runId, CellStop stop, List<Integer> skippedIndices) {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR REPLACE INTO cell_stops(run_id, condition_id, model, decision, samples, reason) VALUES (?,?,?,?,?,?)");
                 PreparedStatement skip = connection.prepareStatement(
                         "UPDATE rollouts SET status = 'skipped' WHERE run_id = ? AND idx = ? AND status = 'pending'")) {
                insert.setString(1, runId);
                insert.setString(2, stop.conditionId());
                insert.setString(3, stop.model());
                insert.setString(4, stop.decision());
                insert.setInt(5, stop.samples());
                insert.setString(6, stop.reason());
                insert.executeUpdate();
                for (int idx : skippedIndices) {
                    skip.setString(1, runId);
                    skip.setInt(2, idx);
                    skip.addBatch();
                }
                skip.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StoreException("cannot record the early stop of a cell of run " + runId + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    @Override
    public synchronized List<CellStop> cellStops(String runId) {
        return query("SELECT condition_id, model, decision, samples, reason FROM cell_stops WHERE run_id = ? ORDER BY condition_id, model",
                runId, rs -> new CellStop(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)),
                "early stops");
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, String runId, RowReader<T> reader, String what) {
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            q.setString(1, runId);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) out.add(reader.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read " + what + " of run " + runId + ": " + e.getMessage(), e);
        }
    }

    private void update(String sql, String what, Object... args) {
        try (PreparedStatement u = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) u.setObject(i + 1, args[i]);
            u.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store " + what + " of run " + args[0] + ": " + e.getMessage(), e);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    private void autoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is unusable; the next call reports it
        }
    }

    @Override
    public synchronized void saveWorker(WorkerStatus w) {
        try (PreparedStatement prune = connection.prepareStatement("DELETE FROM workers WHERE heartbeat_at < ?");
             PreparedStatement u = connection.prepareStatement("INSERT INTO workers (id, host, pid, started_at, heartbeat_at, current_run, rollouts_done) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, current_run = excluded.current_run,"
                    + " rollouts_done = excluded.rollouts_done")) {
            prune.setLong(1, w.heartbeat().minus(Duration.ofDays(1)).toEpochMilli());
            prune.executeUpdate();
            u.setString(1, w.id());
            u.setString(2, w.host());
            u.setLong(3, w.pid());
            u.setLong(4, w.started().toEpochMilli());
            u.setLong(5, w.heartbeat().toEpochMilli());
            u.setString(6, w.currentRun());
            u.setInt(7, w.rolloutsDone());
            u.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record worker " + w.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<WorkerStatus> workers() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, host, pid, started_at, heartbeat_at, current_run, rollouts_done FROM workers ORDER BY started_at, id")) {
            List<WorkerStatus> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new WorkerStatus(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)),
                        Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getInt(7)));
            }
            return out;
        } catch (SQLException e) {
            if (readOnly) return List.of(); // a read-only store from before workers (schema 6) has no workers table
            throw new StoreException("cannot read the workers: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void removeWorker(String id) {
        try (PreparedStatement u = connection.prepareStatement("DELETE FROM workers WHERE id = ?")) {
            u.setString(1, id);
            u.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot forget worker " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (!readOnly) {
            try (Statement s = connection.createStatement()) {
                claims.releaseAll(connection);
                s.execute("PRAGMA busy_timeout = 2000"); // a checkpoint at exit must not keep a finished process waiting long
            } catch (SQLException e) {
                // what is not released here runs out with its lease
            }
            checkpoint(true);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Map<String, Integer> deleteRun(String runId) {
        try {
            connection.setAutoCommit(false);
            Map<String, Integer> removed = new java.util.LinkedHashMap<>();
            // Every table with a run_id column, found rather than listed, so a table added later is never left behind.
            for (String table : tablesKeyedByRun()) {
                try (PreparedStatement d = connection.prepareStatement("DELETE FROM \"" + table + "\" WHERE run_id = ?")) {
                    d.setString(1, runId);
                    removed.put(table, d.executeUpdate());
                }
            }
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM runs WHERE id = ?")) {
                d.setString(1, runId);
                if (d.executeUpdate() == 0) {
                    connection.rollback();
                    return Map.of();
                }
                removed.put("runs", 1);
            }
            connection.commit();
            return java.util.Collections.unmodifiableMap(removed);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StoreException("cannot delete run " + runId + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    /** The tables holding rows of a run, children before the rollouts they refer to. */
    private List<String> tablesKeyedByRun() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c ON c.name = 'run_id'"
                     + " WHERE m.type = 'table' ORDER BY m.name = 'rollouts', m.name")) {
            while (rs.next()) tables.add(rs.getString(1));
        }
        return tables;
    }

    @Override
    public synchronized io.mirage.run.ForgottenJudge forgetJudge(String runId, String judgeModel) {
        try {
            connection.setAutoCommit(false);
            int[] removed = new int[3];
            String[] sql = {"DELETE FROM verdicts WHERE run_id = ? AND source = ?", "DELETE FROM verdicts WHERE run_id = ? AND source = ?",
                    "DELETE FROM awareness WHERE run_id = ? AND judge = ?"};
            String[] keys = {Verdict.judgeSource(judgeModel), Verdict.combinedSource(judgeModel), judgeModel};
            for (int i = 0; i < sql.length; i++) {
                try (PreparedStatement d = connection.prepareStatement(sql[i])) {
                    d.setString(1, runId);
                    d.setString(2, keys[i]);
                    removed[i] = d.executeUpdate();
                }
            }
            connection.commit();
            return new io.mirage.run.ForgottenJudge(judgeModel, removed[0], removed[1], removed[2]);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StoreException("cannot remove the verdicts of judge " + judgeModel + " from run " + runId + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }
}
