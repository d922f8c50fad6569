package io.mirage.cli;

import io.mirage.run.RunStore;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ctrl-C on a real process (SIGINT with kill): a second press during a run stops at once and says
 * what was lost; judging says how far it got. The child is started with SIGINT at its default
 * disposition, since a process started in the background of a script inherits it ignored.
 */
final class InterruptProcessTest {
    private static final String ONE_CELL = "goal=explicit,threat=replacement,prohibitions=off";

    @TempDir Path tmp;

    private static boolean envResetsSignals() throws Exception {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException noEnv) {
            return false;
        }
    }

    private Process start(String name, String... args) throws Exception {
        assumeTrue(envResetsSignals(), "needs GNU env --default-signal to give the child a default SIGINT");
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.mirage.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile()).start();
    }

    private String err(String name) throws Exception {
        return Files.readString(tmp.resolve(name + ".err"));
    }

    private void awaitErr(Process process, String name, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!err(name).contains(text)) {
            assertTrue(process.isAlive(), "exited before printing '" + text + "': " + err(name));
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within 60 s: " + err(name));
            Thread.sleep(50);
        }
    }

    private static void interrupt(Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT");
    }

    @Test
    void run_secondCtrlC_stopsAtOnce_sayingWhatWasNotStored() throws Exception {
        String db = tmp.resolve("w.db").toString();
        // every model call takes 30 s: the rollouts in flight cannot finish within the 10 s the first Ctrl-C waits
        Process run = start("run", "run", "--scenario", "blackmail", "--model", "scripted/brief?latency_ms=30000", "--samples", "4",
                "--concurrency", "2", "--condition", ONE_CELL, "--no-html", "--db", db);
        try {
            awaitErr(run, "run", "Starting run");
            Thread.sleep(500);
            interrupt(run);
            awaitErr(run, "run", "Ctrl-C again to stop at once");
            long second = System.nanoTime();
            interrupt(run);
            assertTrue(run.waitFor(5, TimeUnit.SECONDS), "stopped at once, not after the 10 s wait: " + err("run"));
            assertTrue(System.nanoTime() - second < TimeUnit.SECONDS.toNanos(5));
            assertEquals(Interrupts.EXIT_ON_INTERRUPT, run.exitValue(), err("run"));
            assertTrue(err("run").contains("Stopped at once: 0 of 4 rollouts are stored; those in flight (up to 2) were not, "
                    + "and run again on: mirage resume blackmail-"), err("run"));
        } finally {
            run.destroyForcibly();
        }
        try (RunStore store = SqliteRunStore.open(Path.of(db))) {
            String runId = store.runs().getFirst().id();
            assertEquals(0, store.finishedIndices(runId).size(), "nothing stored, as it said");
        }
    }

    @Test
    void judge_ctrlC_saysHowManyRolloutsItsVerdictsCover_andHowToGoOn() throws Exception {
        String db = tmp.resolve("j.db").toString();
        CommandLineRun run = CommandLineRun.of("run", "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.5",
                "--samples", "40", "--condition", ONE_CELL, "--no-html", "--db", db);
        assertEquals(0, run.code(), run.err());
        String runId = run.err().lines().filter(l -> l.startsWith("Starting run")).findFirst().orElseThrow().split(" ")[2].replace(":", "");
        String judgeModel = "scripted/judge?latency_ms=200";
        Process judge = start("judge", "judge", runId, "--judge-model", judgeModel, "--concurrency", "2", "--no-html", "--db", db);
        try {
            awaitErr(judge, "judge", "Judging run");
            Thread.sleep(2500);
            interrupt(judge);
            assertTrue(judge.waitFor(10, TimeUnit.SECONDS), err("judge"));
            assertEquals(Interrupts.EXIT_ON_INTERRUPT, judge.exitValue(), err("judge"));
        } finally {
            judge.destroyForcibly();
        }
        Matcher said = Pattern.compile("Stopped: verdicts of (\\d+) of the 40 rollouts to judge stored; run mirage judge "
                + Pattern.quote(runId + " --judge-model '" + judgeModel + "'") + " again to go on").matcher(err("judge"));
        assertTrue(said.find(), err("judge"));
        int reported = Integer.parseInt(said.group(1));
        assertTrue(reported > 0 && reported < 40, "stopped part way: " + reported);
        try (RunStore store = SqliteRunStore.open(Path.of(db))) {
            long judged = store.outcomes(runId).stream().filter(o -> o.source().equals("judge:" + judgeModel))
                    .map(o -> o.index()).distinct().count();
            assertTrue(judged >= reported, "at least what it said is stored: " + judged + " < " + reported);
        }
    }
}
