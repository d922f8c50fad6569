package io.mirage.cli;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: the files in deploy/ cannot be run here (no Docker, no cluster), so what can be checked is:
 * they parse, they name the services they should, and every Mirage command line in them is one the CLI accepts.
 */
final class DeployFilesTest {
    private static final Path DEPLOY = Path.of("deploy");

    /** Parses a command line as `mirage` would, without running it; throws when picocli refuses it. */
    private static void accepted(List<String> args) {
        String[] line = args.toArray(String[]::new);
        Main.commandLine(new Main(), line).parseArgs(line);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    @Test
    void compose_runsPostgresWorkersAndServe_withCommandLinesTheCliAccepts() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(DEPLOY.resolve("compose.yaml")));
        Map<String, Object> services = map(compose.get("services"));
        assertTrue(services.keySet().containsAll(List.of("postgres", "worker", "serve")), services.keySet().toString());
        for (String name : List.of("worker", "serve", "plan")) {
            Map<String, Object> service = map(services.get(name));
            accepted(strings(service.get("command")));
            Map<String, Object> env = map(service.get("environment"));
            assertTrue(String.valueOf(env.get("MIRAGE_DB")).startsWith("postgresql://mirage@postgres:5432/"), name + ": " + env);
            assertTrue(env.containsKey("PGPASSWORD"), name + " gets the password from the environment");
            assertEquals("deploy/Dockerfile", map(service.get("build")).get("dockerfile"));
        }
        assertEquals("worker", strings(map(services.get("worker")).get("command")).getFirst());
        assertTrue(map(services.get("serve")).get("environment").toString().contains("MIRAGE_SERVE_TOKEN"), "serve beyond loopback needs a token");
    }

    @Test
    void dockerfile_runsTheJarWithItsLibrariesOnAJavaRuntime() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("FROM eclipse-temurin:25-jre"), dockerfile);
        assertTrue(dockerfile.contains("COPY target/mirage.jar /opt/mirage/mirage.jar") && dockerfile.contains("COPY target/lib/ /opt/mirage/lib/"));
        assertTrue(dockerfile.contains("\"-jar\", \"/opt/mirage/mirage.jar\""), dockerfile);
    }

    @Test
    void kubernetes_workersDeploymentAndIndexedJob_runCommandLinesTheCliAccepts() throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (var files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file : files.sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) docs.add(map(doc));
            }
        }
        List<String> kinds = docs.stream().map(d -> (String) d.get("kind")).toList();
        assertTrue(kinds.containsAll(List.of("StatefulSet", "Service", "Deployment", "Job")), kinds.toString());
        int commands = 0;
        for (Map<String, Object> doc : docs) {
            if (!List.of("Deployment", "Job").contains(doc.get("kind"))) continue;
            Map<String, Object> spec = map(doc.get("spec"));
            Map<String, Object> container = map(((List<?>) map(map(spec.get("template")).get("spec")).get("containers")).getFirst());
            List<String> args = strings(container.get("args"));
            accepted(args);
            assertEquals("worker", args.getFirst());
            if (doc.get("kind").equals("Job")) {
                assertEquals("Indexed", spec.get("completionMode"));
                assertTrue(args.contains("--once"), "a Job's workers end when the work is done");
            }
            assertTrue(container.get("env").toString().contains("MIRAGE_DB"), container.toString());
            commands++;
        }
        assertEquals(2, commands);
    }

    @Test
    void workerHelp_namesItsOptions() {
        CommandLineRun help = CommandLineRun.of("worker", "--help");
        assertEquals(0, help.code(), help.err());
        for (String option : List.of("--db", "--concurrency", "--idle-exit", "--once")) assertTrue(help.out().contains(option), help.out());
        CommandLineRun run = CommandLineRun.of("run", "--help");
        assertTrue(run.out().contains("--detach"), run.out());
    }
}
