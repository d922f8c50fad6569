package io.mirage.cli;

import io.mirage.detect.Verdict;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.run.StoredOutcome;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `mirage judge RUN --forget JUDGE`: a mistaken judge's verdicts can be removed, and only that judge's. */
final class JudgeForgetCliTest {
    @TempDir Path tmp;

    private String db() {
        return tmp.resolve("w.db").toString();
    }

    private String judgedTwice() {
        CommandLineRun run = CommandLineRun.of("run", "--db", db(), "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.5",
                "--samples", "3", "--condition", "goal=explicit,prohibitions=off", "--no-html");
        assertEquals(0, run.code(), run.err());
        String id;
        try (RunStore store = SqliteRunStore.open(Path.of(db()))) {
            id = store.runs().stream().map(RunSummary::id).findFirst().orElseThrow();
        }
        for (String judge : List.of("scripted/judge?aware=0.5", "scripted/compliant")) {
            CommandLineRun r = CommandLineRun.of("judge", id, "--db", db(), "--judge-model", judge, "--no-html");
            assertEquals(0, r.code(), r.err());
        }
        return id;
    }

    private long verdicts(String run, String source) {
        try (RunStore store = SqliteRunStore.open(Path.of(db()))) {
            return store.outcomes(run).stream().map(StoredOutcome::source).filter(source::equals).count();
        }
    }

    private long awareness(String run, String judge) {
        try (RunStore store = SqliteRunStore.open(Path.of(db()))) {
            return store.awareness(run).stream().map(AwarenessVerdict::judge).filter(judge::equals).count();
        }
    }

    @Test
    void forgetByModel_removesThatJudgesVerdictsAndAwareness_andKeepsTheOtherJudgeAndTheDetector() {
        String run = judgedTwice();
        long mistaken = verdicts(run, "judge:scripted/compliant");
        long combined = verdicts(run, "combined:scripted/compliant");
        long kept = verdicts(run, "judge:scripted/judge?aware=0.5");
        long detector = verdicts(run, Verdict.DETECTOR);
        assertTrue(mistaken > 0 && combined > 0 && kept > 0 && awareness(run, "scripted/compliant") > 0);

        CommandLineRun r = CommandLineRun.of("judge", run, "--db", db(), "--forget", "scripted/compliant", "--no-html");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Removed " + (mistaken + combined) + " verdicts of judge scripted/compliant"), r.out());
        assertEquals(0, verdicts(run, "judge:scripted/compliant"));
        assertEquals(0, verdicts(run, "combined:scripted/compliant"));
        assertEquals(0, awareness(run, "scripted/compliant"));
        assertEquals(kept, verdicts(run, "judge:scripted/judge?aware=0.5"));
        assertEquals(detector, verdicts(run, Verdict.DETECTOR));
        assertTrue(awareness(run, "scripted/judge?aware=0.5") > 0);
    }

    @Test
    void forgetBySource_removesTheJudge() {
        String run = judgedTwice();
        CommandLineRun r = CommandLineRun.of("judge", run, "--db", db(), "--forget", "judge:scripted/judge?aware=0.5", "--no-html");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, verdicts(run, "judge:scripted/judge?aware=0.5"));
        assertTrue(verdicts(run, "judge:scripted/compliant") > 0);
    }

    @Test
    void unknownJudge_exits2_listingTheRunsJudges_andRemovesNothing() {
        String run = judgedTwice();
        long before = verdicts(run, "judge:scripted/compliant");
        CommandLineRun r = CommandLineRun.of("judge", run, "--db", db(), "--forget", "openai/gpt-4.1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no verdicts from judge 'openai/gpt-4.1'") && r.err().contains("scripted/compliant, scripted/judge?aware=0.5"),
                r.err());
        assertEquals(before, verdicts(run, "judge:scripted/compliant"));
        assertEquals(2, CommandLineRun.of("judge", run, "--db", db()).code(), "neither --judge-model nor --forget");
        assertEquals(2, CommandLineRun.of("judge", run, "--db", db(), "--judge-model", "scripted/judge", "--forget", "scripted/judge").code(),
                "both");
    }
}
