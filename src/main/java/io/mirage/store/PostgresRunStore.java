package io.mirage.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mirage.agent.Rollout;
import io.mirage.detect.Evidence;
import io.mirage.detect.Judgement;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.judge.Awareness;
import io.mirage.model.Usage;
import io.mirage.run.StakeholderSpend;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.CellStop;
import io.mirage.run.FinishedRollout;
import io.mirage.run.ForgottenJudge;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.PlannedRollout;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.StoreException;
import io.mirage.run.StoredOutcome;
import io.mirage.run.WorkerStatus;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The shared store: one PostgreSQL database (its current schema) that processes on several machines
 * use at once, through a small HikariCP pool. Same tables, record format and answers as
 * {@link SqliteRunStore}; each method runs in its own transaction on a pooled connection, so it is
 * safe from many threads. Text columns are ordered with {@code COLLATE "C"} to sort as SQLite does,
 * whatever the database's locale.
 */
public final class PostgresRunStore implements RunStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final long TEXT_CACHE_CHARS = 8_000_000;
    /** Enough for the engine's writer, the readers of `serve` and a few judge threads; workers are separate processes. */
    private static final int POOL_SIZE = 4;

    private final HikariDataSource pool;
    private final PostgresLocation where;
    private final RecordCodec codec = new RecordCodec(JSON);
    /** Guarded by itself: the cache is not thread-safe. */
    private final SharedTexts texts = new SharedTexts(TEXT_CACHE_CHARS);

    /** How long a claim lasts unless renewed (as in SQLite). */
    public static final java.time.Duration DEFAULT_LEASE = SqliteRunStore.DEFAULT_LEASE;

    private final String owner = io.mirage.run.ClaimOwner.newOwner().id();
    private final java.time.Duration lease;
    private final ClaimStatements claims;

    private PostgresRunStore(HikariDataSource pool, PostgresLocation where, java.time.Duration lease) {
        this.pool = pool;
        this.where = where;
        this.lease = lease;
        this.claims = new ClaimStatements(owner, lease.toMillis());
    }

    /** Opens the store, creating its tables in the database when it has none (the database itself must exist). */
    public static PostgresRunStore open(PostgresLocation where) {
        return open(where, DEFAULT_LEASE);
    }

    /** Opens the store with claims that last {@code lease} unless renewed. */
    public static PostgresRunStore open(PostgresLocation where, java.time.Duration lease) {
        HikariDataSource pool = pool(where);
        try {
            PostgresMigrations.apply(pool, where);
            return new PostgresRunStore(pool, where, lease);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Opens a store that must exist already: empty when the database holds no Mirage store (nothing is created). */
    public static Optional<PostgresRunStore> openExisting(PostgresLocation where) {
        HikariDataSource pool = pool(where);
        try {
            if (PostgresMigrations.applied(pool).isEmpty()) {
                pool.close();
                return Optional.empty();
            }
            return Optional.of(open(pool, where));
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot open the store at " + where + ": " + where.mask(e.getMessage()), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static PostgresRunStore open(HikariDataSource pool, PostgresLocation where) {
        PostgresMigrations.apply(pool, where);
        return new PostgresRunStore(pool, where, DEFAULT_LEASE);
    }

    private static HikariDataSource pool(PostgresLocation where) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(where.jdbcUrl());
        if (where.user() != null) config.setUsername(where.user());
        if (where.password() != null) config.setPassword(where.password());
        config.setPoolName("mirage-store");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "mirage");
        // Batched inserts as one multi-row statement: fewer round trips to a server on another machine.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // Hikari wraps the driver's failure; its message is what a person can act on (refused, auth, no database).
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot connect to the store at " + where + ": " + where.mask(cause.getMessage()), e);
        }
    }

    /** The database's part of a method: statements on one connection, in one transaction. */
    private interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private <T> T transaction(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the original failure is the one worth reporting
                }
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot " + what + ": " + where.mask(e.getMessage()), e);
        }
    }

    private <T> T read(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot " + what + ": " + where.mask(e.getMessage()), e);
        }
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException, IOException;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) s.setNull(i + 1, Types.NULL); else s.setObject(i + 1, args[i]);
        }
        return s;
    }

    private static <T> List<T> rows(Connection c, String sql, RowReader<T> reader, Object... args) throws SQLException, IOException {
        try (PreparedStatement q = prepare(c, sql, args); ResultSet rs = q.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(reader.read(rs));
            return out;
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement u = prepare(c, sql, args)) {
            return u.executeUpdate();
        }
    }

    @Override
    public RunSpec plan(RunSpec wanted) {
        String runId = wanted.id();
        return transaction("store the plan of run " + runId, c -> {
            // Machines that plan (or grow) the same run at once take turns, so indices are never handed out twice.
            rows(c, "SELECT pg_advisory_xact_lock(hashtext(?))", rs -> null, "mirage-plan:" + runId);
            List<String> specs = rows(c, "SELECT spec_json FROM runs WHERE id = ?", rs -> rs.getString(1), runId);
            RunSpec stored = specs.isEmpty() ? null : JSON.readValue(specs.getFirst(), RunSpec.class).withStoredId(runId);
            RunSpec spec = stored == null ? wanted : stored.grownBy(wanted);
            if (stored != null && spec.equals(stored)) return stored;
            Set<String> have = new HashSet<>();
            int next = 0;
            if (stored != null) {
                for (PlannedRollout p : rows(c, "SELECT idx, condition_id, model, sample, seed FROM rollouts WHERE run_id = ?",
                        Rows::planned, runId)) {
                    have.add(p.conditionId() + "\n" + p.model() + "\n" + p.sample());
                    next = Math.max(next, p.index() + 1);
                }
            }
            List<PlannedRollout> added = new ArrayList<>();
            for (PlannedRollout p : spec.plan()) {
                if (!have.contains(p.conditionId() + "\n" + p.model() + "\n" + p.sample())) {
                    added.add(new PlannedRollout(next++, p.conditionId(), p.model(), p.sample(), p.seed()));
                }
            }
            String specJson = JSON.writeValueAsString(spec);
            int planned = have.size() + added.size();
            if (stored == null) {
                update(c, "INSERT INTO runs(spec_json, planned, created_at, scenario, pack_hash, name, id) VALUES (?,?,?,?,?,?,?)",
                        specJson, planned, Instant.now().toString(), spec.scenario(), spec.packHash(), spec.name(), runId);
            } else {
                update(c, "UPDATE runs SET spec_json = ?, planned = ? WHERE id = ?", specJson, planned, runId);
            }
            try (PreparedStatement row = c.prepareStatement(
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
            return spec.withStoredId(runId);
        });
    }

    @Override
    public List<PlannedRollout> planned(String runId) {
        return plannedWhere(runId, "");
    }

    private List<PlannedRollout> plannedWhere(String runId, String condition) {
        // Sample first, so what runs first is a balanced share of every cell, also after the run grew.
        return read("read the plan of run " + runId, c -> rows(c,
                "SELECT idx, condition_id, model, sample, seed FROM rollouts WHERE run_id = ?" + condition + " ORDER BY sample, idx",
                Rows::planned, runId));
    }


    @Override
    public void tag(String runId, Collection<String> tags) {
        if (tags.isEmpty()) return;
        transaction("tag run " + runId, c -> {
            List<String> stored = rows(c, "SELECT tags FROM runs WHERE id = ? FOR UPDATE", rs -> rs.getString(1), runId);
            SortedSet<String> all = new TreeSet<>(stored.isEmpty() ? List.of() : parseTags(stored.getFirst()));
            all.addAll(tags);
            return update(c, "UPDATE runs SET tags = ? WHERE id = ?", JSON.writeValueAsString(all), runId);
        });
    }

    private static List<String> parseTags(String json) throws IOException {
        return json == null ? List.of() : List.of(JSON.readValue(json, String[].class));
    }

    @Override
    public void saveManifest(String runId, String manifestJson) {
        transaction("store the manifest of run " + runId,
                c -> update(c, "UPDATE runs SET manifest_json = ? WHERE id = ?", manifestJson, runId));
    }

    @Override
    public Optional<String> manifest(String runId) {
        return read("read the manifest of run " + runId, c -> {
            try (PreparedStatement q = prepare(c, "SELECT manifest_json FROM runs WHERE id = ?", runId); ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public Optional<RunSummary> run(String runId) {
        return summaries("WHERE r.id = ?", runId).stream().findFirst();
    }

    @Override
    public List<RunSummary> runs() {
        return summaries("", null);
    }

    private List<RunSummary> summaries(String where, String arg) {
        String sql = """
                SELECT r.id, r.created_at, r.spec_json, r.planned,
                  COUNT(*) FILTER (WHERE o.status = 'completed'), COUNT(*) FILTER (WHERE o.status = 'turn_limit'),
                  COUNT(*) FILTER (WHERE o.status = 'error'), COUNT(*) FILTER (WHERE o.status = 'pending'),
                  SUM(o.retries), SUM(o.cost_usd), COUNT(*) FILTER (WHERE o.status = 'skipped'), r.tags
                FROM runs r JOIN rollouts o ON o.run_id = r.id %s
                GROUP BY r.id ORDER BY r.created_at COLLATE "C\"""".formatted(where);
        return read("read runs", c -> rows(c, sql, rs -> new RunSummary(rs.getString(1),
                        JSON.readValue(rs.getString(3), RunSpec.class).withStoredId(rs.getString(1)),
                        Instant.parse(rs.getString(2)), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8),
                        rs.getInt(9), rs.getObject(10) == null ? null : rs.getDouble(10), rs.getInt(11), parseTags(rs.getString(12))),
                arg == null ? new Object[0] : new Object[]{arg}));
    }

    @Override
    public List<PlannedRollout> unfinished(String runId, boolean includeErrors) {
        return plannedWhere(runId, " AND (status = 'pending'" + (includeErrors ? " OR status = 'error'" : "") + ")");
    }

    @Override
    public List<Integer> save(String runId, List<FinishedRollout> finished) {
        Map<String, String> shared = new LinkedHashMap<>();
        List<Integer> dropped = new ArrayList<>();
        transaction("store rollouts of run " + runId, c -> {
            try (RolloutWriter writer = new RolloutWriter(c, codec, JSON)) {
                for (FinishedRollout f : finished) if (!writer.save(runId, owner, f)) dropped.add(f.plan().index());
                writer.flush();
                shared.putAll(writer.texts());
                synchronized (texts) {
                    texts.store(c, shared);
                }
            }
            return null;
        });
        synchronized (texts) {
            texts.committed(shared);
        }
        return List.copyOf(dropped);
    }

    @Override
    public java.time.Duration lease() {
        return lease;
    }

    /**
     * Takes rollouts with {@code FOR UPDATE SKIP LOCKED}: rows another transaction is claiming are
     * passed over rather than waited for, so workers on several machines never take the same one.
     */
    @Override
    public List<PlannedRollout> claim(String runId, java.util.Collection<Integer> among, boolean includeErrors, int max) {
        // the engine passes a set of what is left, thousands long: copying it on every claim was quadratic
        java.util.Set<Integer> wanted = among instanceof java.util.Set<Integer> set ? set : new java.util.HashSet<>(among);
        return transaction("claim rollouts of run " + runId, c -> claims.claim(c, runId, wanted, includeErrors, max, " FOR UPDATE SKIP LOCKED"));
    }


    @Override
    public void release(String runId, java.util.Collection<Integer> indices) {
        if (indices.isEmpty()) return;
        transaction("release rollouts of run " + runId, c -> {
            claims.release(c, runId, indices);
            return null;
        });
    }

    @Override
    public void renewClaims() {
        transaction("renew claims", c -> {
            claims.renew(c);
            return null;
        });
    }

    /** Inserts a claim row per question, or takes over one whose lease ran out; a live one held elsewhere is left alone. */
    @Override
    public List<Integer> claimJudging(String runId, String judge, List<Integer> among, int max) {
        return transaction("claim judge questions of run " + runId, c -> {
            long now = System.currentTimeMillis();
            claims.freeLeasesOfGoneOwners(c, runId, now);
            List<Integer> claimed = new ArrayList<>();
            try (PreparedStatement take = c.prepareStatement("""
                    INSERT INTO judge_claims(run_id, idx, judge, claimed_by, lease_until) VALUES (?,?,?,?,?)
                    ON CONFLICT (run_id, idx, judge) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until
                    WHERE judge_claims.lease_until < ?""")) {
                for (int idx : among) {
                    if (claimed.size() == max) break;
                    take.setString(1, runId);
                    take.setInt(2, idx);
                    take.setString(3, judge);
                    take.setString(4, owner);
                    take.setLong(5, now + lease.toMillis());
                    take.setLong(6, now);
                    if (take.executeUpdate() == 1) claimed.add(idx);
                }
            }
            return List.copyOf(claimed);
        });
    }

    @Override
    public void releaseJudging(String runId, String judge, java.util.Collection<Integer> indices) {
        if (indices.isEmpty()) return;
        transaction("release judge questions of run " + runId, c -> {
            claims.releaseJudging(c, runId, judge, indices);
            return null;
        });
    }


    @Override
    public List<io.mirage.run.FirstEvidence> firstEvidence(String runId) {
        return read("read the evidence of run " + runId, c -> FirstEvidenceQuery.read(c, runId));
    }

    @Override
    public List<StoredOutcome> outcomes(String runId) {
        String sql = """
                SELECT o.idx, o.condition_id, o.model, o.status, v.behaviour, v.source, v.outcome, v.reason, o.sample,
                  v.outcome = 'indeterminate' AND EXISTS (SELECT 1 FROM verdicts d WHERE d.run_id = v.run_id AND d.idx = v.idx
                    AND d.behaviour = v.behaviour AND d.source = 'detector' AND d.outcome = 'indeterminate' AND d.evidence_json <> '[]')
                FROM rollouts o JOIN verdicts v ON v.run_id = o.run_id AND v.idx = o.idx
                WHERE o.run_id = ? ORDER BY o.idx""";
        return read("read verdicts of run " + runId, c -> rows(c, sql, rs -> new StoredOutcome(rs.getInt(1), rs.getString(2),
                rs.getString(3), Rows.status(rs.getString(4)), rs.getString(5), rs.getString(6), Outcome.valueOf(rs.getString(7).toUpperCase()),
                rs.getString(8), rs.getBoolean(10), rs.getInt(9)), runId));
    }

    @Override
    public double cost(String runId) {
        return read("read the cost of run " + runId, c -> rows(c, "SELECT COALESCE(SUM(cost_usd), 0) FROM rollouts WHERE run_id = ?",
                rs -> rs.getDouble(1), runId).getFirst());
    }

    @Override
    public StakeholderSpend stakeholderSpend(String runId) {
        return read("read what the stakeholders of run " + runId + " cost", c -> rows(c, """
                SELECT COUNT(*), COALESCE(SUM(stakeholder_input_tokens), 0), COALESCE(SUM(stakeholder_output_tokens), 0),
                  SUM(stakeholder_cost_usd)
                FROM rollouts WHERE run_id = ? AND stakeholder_input_tokens IS NOT NULL""",
                rs -> rs.getInt(1) == 0 ? StakeholderSpend.NONE
                        : new StakeholderSpend(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getObject(4) == null ? null : rs.getDouble(4)),
                runId).getFirst());
    }

    @Override
    public Optional<String> stakeholderReply(String key) {
        return read("read a cached stakeholder reply", c -> rows(c, "SELECT reply FROM stakeholder_replies WHERE key = ?",
                rs -> rs.getString(1), key).stream().findFirst());
    }

    @Override
    public void saveStakeholderReply(String key, String reply, String model) {
        transaction("cache a stakeholder reply", c -> update(c,
                "INSERT INTO stakeholder_replies(key, reply, model, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                key, reply, model, Instant.now().toString()));
    }

    @Override
    public Optional<FinishedRollout> rollout(String runId, int index) {
        return read("read rollout " + index + " of run " + runId, c -> {
            try (PreparedStatement q = prepare(c, "SELECT * FROM rollouts WHERE run_id = ? AND idx = ? AND status <> 'pending'", runId, index);
                 ResultSet rs = q.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                RolloutRecord record = record(c, rs);
                Usage usage = new Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"));
                Rollout rollout = new Rollout(record.systemPrompt(), record.transcript(), record.events(),
                        record.calls() == null ? List.of() : record.calls(), usage, rs.getInt("turns"),
                        Rows.status(rs.getString("status")), rs.getString("error"), Instant.parse(rs.getString("started_at")),
                        rs.getLong("duration_ms"), record.note(), record.clockStart(), record.stakeholderUsage());
                List<Verdict> verdicts = rows(c, "SELECT * FROM verdicts WHERE run_id = ? AND idx = ?"
                        + " ORDER BY source COLLATE \"C\", behaviour COLLATE \"C\"", vs -> {
                    String judgement = vs.getString("judgement_json");
                    return new Verdict(vs.getString("behaviour"), Outcome.valueOf(vs.getString("outcome").toUpperCase()),
                            vs.getString("source"), List.of(JSON.readValue(vs.getString("evidence_json"), Evidence[].class)),
                            vs.getString("reason"), judgement == null ? null : JSON.readValue(judgement, Judgement.class));
                }, runId, index);
                Double cost = rs.getObject("cost_usd") == null ? null : rs.getDouble("cost_usd");
                Double stakeholderCost = rs.getObject("stakeholder_cost_usd") == null ? null : rs.getDouble("stakeholder_cost_usd");
                return Optional.of(new FinishedRollout(Rows.planned(rs), rollout, verdicts,
                        record.parameters() == null ? Map.of() : record.parameters(), cost, stakeholderCost));
            }
        });
    }

    /** The row's record: compact, or JSON (a row copied from a store before schema 5). */
    private RolloutRecord record(Connection c, ResultSet rs) throws SQLException, IOException {
        String legacy = rs.getString("record_json");
        if (legacy != null) return JSON.readValue(legacy, RolloutRecord.class);
        RecordCodec.Parsed parsed = codec.parse(rs.getBytes("record"));
        Map<String, String> byHash;
        synchronized (texts) {
            byHash = texts.load(c, parsed.references());
        }
        return codec.decode(parsed, byHash);
    }



    @Override
    public List<Integer> finishedIndices(String runId) {
        return read("read the finished rollouts of run " + runId, c -> rows(c,
                "SELECT idx FROM rollouts WHERE run_id = ? AND status NOT IN ('pending', 'skipped') ORDER BY idx", rs -> rs.getInt(1), runId));
    }

    @Override
    public void saveVerdicts(String runId, int index, List<Verdict> verdicts) {
        transaction("store verdicts of rollout " + index + " of run " + runId, c -> {
            try (VerdictWriter writer = new VerdictWriter(c, JSON)) {
                writer.replace(runId, index, verdicts);
                writer.flush();
            }
            return null;
        });
    }

    @Override
    public void saveAwareness(String runId, AwarenessVerdict a) {
        transaction("store the eval-awareness label of rollout " + a.index() + " of run " + runId, c -> update(c, """
                        INSERT INTO awareness(run_id, idx, judge, label, confidence, reasoning) VALUES (?,?,?,?,?,?)
                        ON CONFLICT (run_id, idx, judge) DO UPDATE SET label = EXCLUDED.label, confidence = EXCLUDED.confidence,
                          reasoning = EXCLUDED.reasoning""",
                runId, a.index(), a.judge(), a.label().name().toLowerCase(), a.confidence(), a.reasoning()));
    }

    @Override
    public List<AwarenessVerdict> awareness(String runId) {
        return read("read eval-awareness labels of run " + runId, c -> rows(c,
                "SELECT idx, judge, label, confidence, reasoning FROM awareness WHERE run_id = ? ORDER BY idx, judge COLLATE \"C\"",
                rs -> new AwarenessVerdict(rs.getInt(1), rs.getString(2), Awareness.valueOf(rs.getString(3).toUpperCase()),
                        rs.getObject(4) == null ? null : rs.getDouble(4), rs.getString(5)), runId));
    }

    @Override
    public void saveLabel(String runId, HumanLabel label) {
        transaction("store the label of rollout " + label.index() + " of run " + runId, c -> update(c, """
                        INSERT INTO labels(run_id, idx, behaviour, value, note, labelled_at) VALUES (?,?,?,?,?,?)
                        ON CONFLICT (run_id, idx, behaviour) DO UPDATE SET value = EXCLUDED.value, note = EXCLUDED.note,
                          labelled_at = EXCLUDED.labelled_at""",
                runId, label.index(), label.behaviour(), label.value().name().toLowerCase(), label.note(), label.labelledAt().toString()));
    }

    @Override
    public List<HumanLabel> labels(String runId) {
        return read("read labels of run " + runId, c -> rows(c,
                "SELECT idx, behaviour, value, note, labelled_at FROM labels WHERE run_id = ? ORDER BY idx, behaviour COLLATE \"C\"",
                rs -> new HumanLabel(rs.getInt(1), rs.getString(2), LabelValue.valueOf(rs.getString(3).toUpperCase()),
                        rs.getString(4), Instant.parse(rs.getString(5))), runId));
    }

    @Override
    public void stopCell(String runId, CellStop stop, List<Integer> skippedIndices) {
        transaction("record the early stop of a cell of run " + runId, c -> {
            update(c, """
                    INSERT INTO cell_stops(run_id, condition_id, model, decision, samples, reason) VALUES (?,?,?,?,?,?)
                    ON CONFLICT (run_id, condition_id, model) DO UPDATE SET decision = EXCLUDED.decision, samples = EXCLUDED.samples,
                      reason = EXCLUDED.reason""",
                    runId, stop.conditionId(), stop.model(), stop.decision(), stop.samples(), stop.reason());
            try (PreparedStatement skip = c.prepareStatement(
                    "UPDATE rollouts SET status = 'skipped' WHERE run_id = ? AND idx = ? AND status = 'pending'")) {
                for (int idx : skippedIndices) {
                    skip.setString(1, runId);
                    skip.setInt(2, idx);
                    skip.addBatch();
                }
                skip.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<CellStop> cellStops(String runId) {
        return read("read early stops of run " + runId, c -> rows(c,
                "SELECT condition_id, model, decision, samples, reason FROM cell_stops WHERE run_id = ?"
                        + " ORDER BY condition_id COLLATE \"C\", model COLLATE \"C\"",
                rs -> new CellStop(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)), runId));
    }

    @Override
    public Map<String, Integer> deleteRun(String runId) {
        return transaction("delete run " + runId, c -> {
            Map<String, Integer> removed = new LinkedHashMap<>();
            // Every table with a run_id column, found rather than listed, so a table added later is never left behind.
            List<String> tables = rows(c, """
                    SELECT c.table_name FROM information_schema.columns c
                    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                    WHERE c.table_schema = current_schema() AND c.column_name = 'run_id' AND t.table_type = 'BASE TABLE'
                    ORDER BY c.table_name = 'rollouts', c.table_name COLLATE "C\"""", rs -> rs.getString(1));
            for (String table : tables) {
                removed.put(table, update(c, "DELETE FROM \"" + table.replace("\"", "\"\"") + "\" WHERE run_id = ?", runId));
            }
            if (update(c, "DELETE FROM runs WHERE id = ?", runId) == 0) {
                c.rollback();
                return Map.of();
            }
            removed.put("runs", 1);
            return Collections.unmodifiableMap(removed);
        });
    }

    @Override
    public ForgottenJudge forgetJudge(String runId, String judgeModel) {
        return transaction("remove the verdicts of judge " + judgeModel + " from run " + runId, c -> new ForgottenJudge(judgeModel,
                update(c, "DELETE FROM verdicts WHERE run_id = ? AND source = ?", runId, Verdict.judgeSource(judgeModel)),
                update(c, "DELETE FROM verdicts WHERE run_id = ? AND source = ?", runId, Verdict.combinedSource(judgeModel)),
                update(c, "DELETE FROM awareness WHERE run_id = ? AND judge = ?", runId, judgeModel)));
    }

    @Override
    public void saveWorker(WorkerStatus w) {
        transaction("record worker " + w.id(), c -> {
            update(c, "DELETE FROM workers WHERE heartbeat_at < ?", w.heartbeat().minus(java.time.Duration.ofDays(1)).toEpochMilli());
            return update(c, "INSERT INTO workers (id, host, pid, started_at, heartbeat_at, current_run, rollouts_done) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, current_run = excluded.current_run,"
                    + " rollouts_done = excluded.rollouts_done", w.id(), w.host(), w.pid(), w.started().toEpochMilli(), w.heartbeat().toEpochMilli(),
                    w.currentRun(), w.rolloutsDone());
        });
    }

    @Override
    public List<WorkerStatus> workers() {
        return read("read the workers", c -> rows(c,
                "SELECT id, host, pid, started_at, heartbeat_at, current_run, rollouts_done FROM workers ORDER BY started_at, id",
                rs -> new WorkerStatus(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)),
                        Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getInt(7))));
    }

    @Override
    public void removeWorker(String id) {
        transaction("forget worker " + id, c -> update(c, "DELETE FROM workers WHERE id = ?", id));
    }

    @Override
    public void close() {
        try {
            transaction("release claims", c -> {
                claims.releaseAll(c);
                return null;
            });
        } catch (StoreException unreachable) {
            // the server is gone: the leases run out on their own
        } finally {
            pool.close();
        }
    }

    /** Where the store is, with any password masked. */
    @Override
    public String toString() {
        return where.toString();
    }
}
