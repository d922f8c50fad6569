package io.mirage.cli;

import io.mirage.store.PostgresLocation;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * `mirage bench --soak` (issue 12): plans a detached scripted run into a store, keeps W `mirage
 * worker --once` processes on it and kills a random one with SIGKILL K times, each at a random point
 * of the run's progress, starting a new worker in its place; the rest then finish the run. Read from
 * the store at the end: rollouts lost (never stored), duplicated (stored twice: {@code attempts}
 * counts the saves that went through, a late save of a holder whose claim was taken is dropped and
 * not counted) and re-run (held by a worker when it was killed, so run again by another).
 *
 * <p>To know exactly what a victim held, it is frozen with SIGSTOP, its live claims are read, and
 * only then is it killed with SIGKILL: a frozen process can neither store nor claim, and its PID
 * stays alive, so nobody takes its claims between the reading and the kill.
 */
final class SoakBench {
    /** What to soak: {@code rollouts} (rounded up to whole samples of the grid), worker processes, kills. */
    record Settings(int rollouts, int workers, int kills, int concurrency, long latencyMs, long seed, Duration timeout) {
        Settings {
            if (rollouts < 1 || workers < 1 || concurrency < 1) throw new IllegalArgumentException("rollouts, workers and concurrency must be at least 1");
            if (kills < 0 || latencyMs < 0) throw new IllegalArgumentException("kills and latency cannot be negative");
        }

        String model() {
            return "scripted/self-preserving?p=0.3&latency_ms=" + latencyMs;
        }
    }

    /** One kill: how far the run was, the victim's PID and the rollouts it held then. */
    record Kill(int stored, long pid, int held) {}

    /** What the store held at the end. */
    record Result(String store, int planned, Map<String, Integer> statuses, int lost, int duplicated, int rerun, List<Kill> kills,
                  List<String> failedWorkers, int workersStarted, double seconds) {
        Result {
            statuses = Map.copyOf(statuses);
            kills = List.copyOf(kills);
            failedWorkers = List.copyOf(failedWorkers);
        }

        int stored() {
            return planned - lost;
        }

        double rate() {
            return stored() / seconds;
        }

        /** No rollout lost or stored twice, and no worker failed other than by being killed. */
        boolean clean() {
            return lost == 0 && duplicated == 0 && failedWorkers.isEmpty();
        }

        String format(Settings settings) {
            StringWriter text = new StringWriter();
            PrintWriter out = new PrintWriter(text);
            out.printf(Locale.ROOT, "soak: %d rollouts of %s (blackmail) in %s, %d workers × %d at once, %d kills with SIGKILL (seed %d)%n",
                    planned, settings.model(), store, settings.workers(), settings.concurrency(), kills.size(), settings.seed());
            out.printf(Locale.ROOT, "  planned %d, stored %d %s, lost %d, duplicated %d (stored more than once)%n",
                    planned, stored(), new TreeMap<>(statuses), lost, duplicated);
            out.printf(Locale.ROOT, "  re-run %d: rollouts a worker held when it was killed, run again and stored by another"
                            + " (%d claims held at the %d kills; a rollout can be held by several victims in turn)%n",
                    rerun, kills.stream().mapToInt(Kill::held).sum(), kills.size());
            out.printf(Locale.ROOT, "  %d worker processes started; wall %.1f s → %.1f rollouts/s%n", workersStarted, seconds, rate());
            if (!failedWorkers.isEmpty()) out.println("  workers that failed: " + failedWorkers);
            out.println(clean() ? "  OK: 0 lost, 0 duplicated" : "  FAILED: rollouts lost or duplicated, or a worker failed");
            out.flush();
            return text.toString();
        }
    }

    private SoakBench() {}

    /**
     * Soaks the store {@code db} (a SQLite file or a PostgreSQL URL; null: a throw-away SQLite file),
     * logging each kill to {@code log}.
     */
    static Result run(String db, Settings settings, PrintWriter log) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mirage-soak");
        try {
            return run(db == null ? dir.resolve("soak.db").toString() : db, dir, settings, log);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Result run(String db, Path dir, Settings settings, PrintWriter log) throws IOException, InterruptedException {
        Random random = new Random(settings.seed());
        String name = "soak-" + System.currentTimeMillis();
        int samples = Math.max(1, (int) Math.ceil(settings.rollouts() / 18.0)); // the blackmail grid has 18 cells
        StringWriter planning = new StringWriter();
        int code = Main.execute(new String[] {"run", "--scenario", "blackmail", "--model", settings.model(), "--samples", String.valueOf(samples),
                "--name", name, "--tag", "soak", "--detach", "--db", db}, new PrintWriter(planning), new PrintWriter(planning));
        if (code != ExitCodes.OK) throw new IllegalStateException("planning the soak run failed: " + planning);
        try (Connection sql = connect(db)) {
            String runId;
            int planned;
            try (PreparedStatement q = sql.prepareStatement("SELECT id, planned FROM runs WHERE name = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("the planned run " + name + " is not in the store");
                    runId = rs.getString(1);
                    planned = rs.getInt(2);
                }
            }
            // Kill when the stored count passes each of K random points between 5% and 85% of the run.
            int[] killAt = random.ints(settings.kills(), (int) (planned * 0.05), Math.max((int) (planned * 0.05) + 1, (int) (planned * 0.85)))
                    .sorted().toArray();
            List<Process> live = new ArrayList<>();
            List<Kill> kills = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            Set<Integer> heldByKilled = new HashSet<>();
            int started = 0;
            long start = System.nanoTime();
            long deadline = start + settings.timeout().toNanos();
            for (int i = 0; i < settings.workers(); i++) live.add(worker(db, dir, ++started, settings.concurrency()));
            try {
                while (true) {
                    for (Process p : List.copyOf(live)) {
                        if (p.isAlive()) continue;
                        live.remove(p);
                        if (p.exitValue() != 0) failed.add("pid " + p.pid() + " exited with " + p.exitValue());
                    }
                    int stored = count(sql, "SELECT COUNT(*) FROM rollouts WHERE run_id = ? AND status <> 'pending'", runId);
                    if (kills.size() < killAt.length && stored >= killAt[kills.size()] && !live.isEmpty()) {
                        Process victim = live.get(random.nextInt(live.size()));
                        Set<Integer> held = killHolding(victim, sql, runId);
                        live.remove(victim);
                        heldByKilled.addAll(held);
                        Kill kill = new Kill(stored, victim.pid(), held.size());
                        kills.add(kill);
                        live.add(worker(db, dir, ++started, settings.concurrency()));
                        log.printf(Locale.ROOT, "kill %d of %d at %d/%d stored: worker pid %d, holding %d rollouts; a new worker starts%n",
                                kills.size(), killAt.length, stored, planned, kill.pid(), kill.held());
                        log.flush();
                        continue;
                    }
                    if (live.isEmpty()) break;
                    if (System.nanoTime() > deadline) {
                        failed.add("the run did not finish within " + settings.timeout().toSeconds() + " s");
                        break;
                    }
                    Thread.sleep(50);
                }
            } finally {
                for (Process p : live) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Integer> statuses = new TreeMap<>();
            try (PreparedStatement q = sql.prepareStatement("SELECT status, COUNT(*) FROM rollouts WHERE run_id = ? GROUP BY status")) {
                q.setString(1, runId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) statuses.put(rs.getString(1), rs.getInt(2));
                }
            }
            int lost = statuses.getOrDefault("pending", 0);
            statuses.remove("pending");
            int duplicated = count(sql, "SELECT COUNT(*) FROM rollouts WHERE run_id = ? AND attempts > 1", runId);
            Set<Integer> rerun = new HashSet<>();
            try (PreparedStatement q = sql.prepareStatement("SELECT idx FROM rollouts WHERE run_id = ? AND status <> 'pending' AND attempts >= 1")) {
                q.setString(1, runId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) if (heldByKilled.contains(rs.getInt(1))) rerun.add(rs.getInt(1));
                }
            }
            String shown = PostgresLocation.isUrl(db) ? PostgresLocation.parse(db, System.getenv()).toString() : "SQLite " + db;
            return new Result(shown, planned, statuses, lost, duplicated, rerun.size(), kills, failed, started, seconds);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the soak run from the store: " + e.getMessage(), e);
        }
    }

    /** Freezes the victim, reads the rollouts it holds a live claim on, then kills it with SIGKILL. */
    private static Set<Integer> killHolding(Process victim, Connection sql, String runId) throws InterruptedException, SQLException, IOException {
        Set<Integer> held = new HashSet<>();
        Process stop = new ProcessBuilder("kill", "-STOP", String.valueOf(victim.pid())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean frozen = stop.waitFor(10, TimeUnit.SECONDS) && stop.exitValue() == 0;
        try {
            if (frozen) {
                // claimed_by is machine/pid/random; lease_until > 0 while the claim is live (0 once freed, NULL once stored or given back)
                try (PreparedStatement q = sql.prepareStatement("SELECT idx FROM rollouts WHERE run_id = ? AND status = 'pending'"
                        + " AND claimed_by LIKE ? AND lease_until > 0")) {
                    q.setString(1, runId);
                    q.setString(2, "%/" + victim.pid() + "/%");
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) held.add(rs.getInt(1));
                    }
                }
            }
        } finally {
            victim.destroyForcibly(); // SIGKILL
            if (!victim.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("worker " + victim.pid() + " survived SIGKILL");
        }
        return held;
    }

    private static int count(Connection sql, String query, String runId) throws SQLException {
        try (PreparedStatement q = sql.prepareStatement(query)) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A plain connection for reading claims and attempts, which the RunStore interface does not show. */
    private static Connection connect(String db) throws SQLException {
        if (PostgresLocation.isUrl(db)) {
            PostgresLocation location = PostgresLocation.parse(db, System.getenv());
            Properties props = new Properties();
            if (location.user() != null) props.setProperty("user", location.user());
            if (location.password() != null) props.setProperty("password", location.password());
            return DriverManager.getConnection(location.jdbcUrl(), props);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 30000");
        }
        return c;
    }

    private static Process worker(String db, Path dir, int number, int concurrency) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "worker", "--once", "--concurrency", String.valueOf(concurrency), "--db", db));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("worker-" + number + ".err").toFile()).start();
    }
}
