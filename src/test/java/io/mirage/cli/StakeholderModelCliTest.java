package io.mirage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --stakeholder-model and the experiment file's stakeholder role, as a user types them: refusal, manifest, resume, report. */
final class StakeholderModelCliTest {
    private static final String AGENT = "scripted/self-preserving?p=1";
    @TempDir Path tmp;

    private String db() {
        return tmp.resolve("w.db").toString();
    }

    private static String packs() throws Exception {
        return Path.of(StakeholderModelCliTest.class.getClassLoader().getResource("test-packs/living/pack.yaml").toURI()).getParent().getParent().toString();
    }

    private static String runId(String err) {
        Matcher m = Pattern.compile("(?:Starting|Resuming) run (\\S+?):").matcher(err);
        assertTrue(m.find(), err);
        return m.group(1);
    }

    /** Completed rollouts of the run whose stakeholders a model played (they have stakeholder usage). */
    private int modelDecisions(String runId) throws Exception {
        int n;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM rollouts WHERE run_id = '" + runId
                     + "' AND stakeholder_input_tokens IS NOT NULL AND status = 'completed'")) {
            n = rs.getInt(1);
        }
        return n;
    }

    @Test
    void aModelPlayedCondition_withoutAStakeholderModel_isRefusedUpFront_withExit2() throws Exception {
        CommandLineRun r = CommandLineRun.of("run", "--scenarios", packs(), "--scenario", "living", "--model", AGENT,
                "--condition", "threat=present,stakeholders=scripted|model", "--samples", "1", "--db", db());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("stakeholders=model") && r.err().contains("--stakeholder-model MODEL"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(tmp.resolve("w.db")), "refused before anything was planned or run");
        CommandLineRun dry = CommandLineRun.of("run", "--scenarios", packs(), "--scenario", "living", "--model", AGENT,
                "--condition", "threat=present,stakeholders=model", "--dry-run", "--db", db());
        assertEquals(2, dry.code(), "a dry run is refused alike: " + dry.err());
    }

    @Test
    void theStakeholderModel_isStoredInTheManifest_reusedOnResume_andTheSummarySaysWhatItUsed() throws Exception {
        CommandLineRun r = CommandLineRun.of("run", "--scenarios", packs(), "--scenario", "living", "--model", AGENT,
                "--condition", "threat=present,stakeholders=model", "--samples", "2", "--limit", "1",
                "--stakeholder-model", "scripted/stakeholder", "--db", db());
        assertEquals(0, r.code(), r.err());
        String run = runId(r.err());
        assertTrue(r.out().contains("stakeholders (model-played, not in the cost above): 1 rollouts, "), r.out());
        assertTrue(r.out().contains("cost unknown (no prices for the stakeholder model)"), r.out());
        CommandLineRun manifest = CommandLineRun.of("show", run, "--manifest", "--db", db());
        assertEquals(0, manifest.code(), manifest.err());
        assertTrue(manifest.out().contains("  stakeholder:\n    name: scripted/stakeholder"), manifest.out());
        CommandLineRun resumed = CommandLineRun.of("resume", run, "--db", db());
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(2, modelDecisions(run), "the resumed rollout's stakeholder was played by the stored stakeholder model");
        CommandLineRun report = CommandLineRun.of("report", run, "--db", db());
        assertEquals(0, report.code(), report.err());
        assertTrue(report.out().contains("stakeholders (model-played, not in the cost above): 2 rollouts, "), report.out());
    }

    @Test
    void anExperimentFile_withAStakeholderRole_runsItsModelPlayedConditions() throws Exception {
        Path file = tmp.resolve("exp.yaml");
        Files.writeString(file, """
                name: living-model
                packs:
                  - pack: living
                    conditions: {threat: present, stakeholders: model}
                models:
                  agent: scripted/self-preserving?p=1
                  stakeholder: {name: "scripted/stakeholder?decide=gave_in", prices: {input: 1, output: 2}}
                samples: 1
                """);
        CommandLineRun r = CommandLineRun.of("run", file.toString(), "--scenarios", packs(), "--db", db());
        assertEquals(0, r.code(), r.err());
        String run = runId(r.err());
        assertTrue(r.out().matches("(?s).*stakeholders \\(model-played, not in the cost above\\): 1 rollouts, .*; cost \\$0\\.\\d{4}.*"), r.out());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             ResultSet rs = c.createStatement().executeQuery("SELECT stakeholder_cost_usd, cost_usd FROM rollouts WHERE run_id = '" + run + "'")) {
            assertTrue(rs.getDouble(1) > 0, "the stakeholder's prices give its cost");
            assertEquals(null, rs.getObject(2), "the scripted agent's cost stays unknown");
        }
        CommandLineRun manifest = CommandLineRun.of("show", run, "--manifest", "--db", db());
        assertTrue(manifest.out().contains("name: scripted/stakeholder?decide=gave_in"), manifest.out());
    }
}
