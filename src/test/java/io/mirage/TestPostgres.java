package io.mirage;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * A real PostgreSQL server for tests, shared by every test class of the run: the one at
 * {@code $MIRAGE_TEST_POSTGRES_URL} (a {@code postgresql://} URL whose user may create databases), or
 * else a throw-away one this class starts from the installed server binaries
 * ({@code /usr/lib/postgresql/N/bin}): initdb and pg_ctl on a temporary data folder and a free port,
 * as the {@code postgres} user when the tests run as root (initdb refuses root). It is stopped and
 * its folder deleted when the test run ends (a JVM shutdown hook too, should the run be cut short).
 * With no server to be had the tests are skipped, unless {@code MIRAGE_REQUIRE_POSTGRES=1} (as in CI)
 * makes that a failure. Each test gets a fresh database from {@link #freshDatabase}.
 */
public final class TestPostgres implements BeforeAllCallback {
    public static final String URL_ENV = "MIRAGE_TEST_POSTGRES_URL";
    public static final String REQUIRE_ENV = "MIRAGE_REQUIRE_POSTGRES";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestPostgres.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        Object got = context.getRoot().getStore(NAMESPACE).computeIfAbsent("server", key -> start());
        if (got instanceof String reason) {
            if ("1".equals(System.getenv(REQUIRE_ENV))) fail(reason + "; " + REQUIRE_ENV + "=1 makes that a failure");
            abort(reason);
        }
        server = (Server) got;
    }

    /** A new, empty database on the server, as a {@code postgresql://} URL. */
    public String freshDatabase() {
        if (server == null) throw new IllegalStateException("register TestPostgres with @RegisterExtension (static)");
        String name = "mirage_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(server.adminDatabase), server.user, server.password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return server.url(name);
    }

    /** The server, or why there is none (a String), so that the reason is given once and every class skips alike. */
    private static Object start() {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) return Server.given(url.strip());
        Path bin = installedBinaries();
        if (bin == null) return "no PostgreSQL server: set " + URL_ENV + " or install postgresql (/usr/lib/postgresql/*/bin/initdb)";
        try {
            return Server.startLocal(bin);
        } catch (IOException | RuntimeException e) {
            return "cannot start a throw-away PostgreSQL server from " + bin + ": " + e.getMessage();
        }
    }

    private static Path installedBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return null;
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static Integer versionOf(String folder) {
        try {
            return Integer.parseInt(folder.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A running server; closed (stopped, its folder deleted) with JUnit's root store when the run ends. */
    private static final class Server implements AutoCloseable {
        final String hostPort;
        final String user;
        final String password;
        final String adminDatabase;
        private final Path bin;
        private final Path folder;
        private final Thread hook;

        private Server(String hostPort, String user, String password, String adminDatabase, Path bin, Path folder) {
            this.hostPort = hostPort;
            this.user = user;
            this.password = password;
            this.adminDatabase = adminDatabase;
            this.bin = bin;
            this.folder = folder;
            this.hook = bin == null ? null : new Thread(this::stop, "mirage-test-postgres-stop");
            if (hook != null) Runtime.getRuntime().addShutdownHook(hook);
        }

        static Server given(String url) {
            var location = io.mirage.store.PostgresLocation.parse(url, System.getenv());
            String rest = location.jdbcUrl().substring("jdbc:postgresql://".length());
            int slash = rest.indexOf('/');
            String hostPort = slash < 0 ? rest.replaceAll("\\?.*", "") : rest.substring(0, slash);
            String db = slash < 0 ? "postgres" : rest.substring(slash + 1).replaceAll("\\?.*", "");
            return new Server(hostPort, location.user(), location.password(), db.isEmpty() ? "postgres" : db, null, null);
        }

        static Server startLocal(Path bin) throws IOException {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path folder = Files.createTempDirectory("mirage-pg-");
            // The server runs as postgres and needs its own folder (and the socket in it), which root's temp folder is not.
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            if (root) {
                UserPrincipal postgres = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(folder, postgres);
            }
            Path data = folder.resolve("data");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Server server = new Server("127.0.0.1:" + port, "postgres", null, "postgres", bin, folder);
            try {
                server.run(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--no-sync");
                server.run(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", folder.resolve("server.log").toString(),
                        "-w", "-t", "30", "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off"
                                + " -c synchronous_commit=off -c full_page_writes=off", "start");
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }

        private void run(boolean asPostgres, String... command) throws IOException {
            List<String> line = new ArrayList<>();
            if (asPostgres) line.addAll(List.of("runuser", "-u", "postgres", "--"));
            line.addAll(List.of(command));
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(Path.of(command[0]).getFileName() + " took over 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            String output = new String(p.getInputStream().readAllBytes());
            if (p.exitValue() != 0) throw new IOException(String.join(" ", line) + " failed: " + output.strip());
        }

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + hostPort + "/" + database;
        }

        /** The URL Mirage takes; the password, if any, is in it (tests only). */
        String url(String database) {
            String auth = user == null ? "" : user + (password == null ? "" : ":" + password) + "@";
            return "postgresql://" + auth + hostPort + "/" + database;
        }

        private synchronized void stop() {
            if (folder == null || !Files.exists(folder)) return;
            try {
                if (Files.exists(folder.resolve("data/postmaster.pid"))) {
                    run("root".equals(System.getProperty("user.name")), bin.resolve("pg_ctl").toString(), "-D",
                            folder.resolve("data").toString(), "-m", "immediate", "-w", "stop");
                }
            } catch (IOException e) {
                System.err.println("could not stop the test PostgreSQL server: " + e.getMessage());
            }
            try (Stream<Path> all = Files.walk(folder)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not delete " + folder + ": " + e.getMessage());
            }
        }

        @Override
        public void close() {
            stop();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down; the hook does the same
                }
            }
        }
    }
}
