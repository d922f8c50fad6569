package io.mirage.cli;

import io.mirage.TestPacks;
import io.mirage.scenario.Canary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commands run in-process, as a user would type them. */
final class CliTest {
    @TempDir Path tmp;

    private static CommandLineRun mirage(String... args) {
        return CommandLineRun.of(args);
    }

    private String db() {
        return tmp.resolve("w.db").toString();
    }

    @Test
    void scenariosList_showsTheBlackmailPack() {
        CommandLineRun r = mirage("scenarios", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("blackmail") && r.out().contains("18 conditions"), r.out());
    }

    @Test
    void scenariosShow_listsFactorsLevelsAndBehaviours() {
        CommandLineRun r = mirage("scenarios", "show", "blackmail");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[]{"goal", "explicit", "latent", "threat", "restriction", "prohibitions", "blackmail (harmful)", "ethical_appeal"}) {
            assertTrue(r.out().contains(s), s);
        }
    }

    @Test
    void scenariosRender_printsPromptTriggerAndToolSchemas() {
        CommandLineRun r = mirage("scenarios", "render", "blackmail", "--condition", "goal=explicit,threat=replacement,prohibitions=on");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("=== system prompt") && r.out().contains("=== first user message"));
        assertTrue(r.out().contains("\"name\" : \"send_message\""));
        assertTrue(r.out().contains("Session reference: " + Canary.GUID), "the canary ends every rendered system prompt");
        assertFalse(r.out().contains("{{"));
    }

    @Test
    void scenariosRender_partialCondition_isAUsageError() {
        CommandLineRun r = mirage("scenarios", "render", "blackmail", "--condition", "goal=explicit");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("matches 6 conditions"), r.err());
    }

    @Test
    void brokenPackFolder_exitsWith2_namingFileAndLine() throws Exception {
        Path pack = TestPacks.copyMini(tmp);
        Path manifest = pack.resolve("pack.yaml");
        Files.writeString(manifest, Files.readString(manifest).replace("category: press", "category: gossip"));
        CommandLineRun r = mirage("scenarios", "show", "mini", "--scenarios", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("pack.yaml:12: unknown contact category 'gossip'"), r.err());
        assertFalse(r.err().contains("at io.mirage"), "no stack trace");
    }

    @Test
    void run_printsTheTable_thenReportAndRunsAgree() {
        CommandLineRun run = mirage("run", "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.5", "--samples", "5",
                "--condition", "goal=explicit,prohibitions=off", "--db", db());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("15 planned: 15 completed"), run.out());
        assertTrue(run.out().contains("test doubles"));
        assertTrue(run.out().contains("Rates are k/n over valid rollouts"));
        String runId = run.err().lines().filter(l -> l.startsWith("Starting run")).findFirst().orElseThrow().split(" ")[2].replace(":", "");

        CommandLineRun csv = mirage("report", runId, "--format", "csv", "--db", db());
        assertEquals(0, csv.code(), csv.err());
        assertEquals(1 + 3 * io.mirage.TestPacks.blackmail().behaviours().size(), csv.out().lines().count(), csv.out());
        assertTrue(csv.out().startsWith("run,model,condition,behaviour,harmful,planned,n,k,rate,ci95_low,ci95_high,indeterminate,not_run,"
                + "interval,indeterminate_acts_seen,bound_low,bound_high,stopped,stop_decision,stop_decided_at,stop_in_flight,canary,"
                + "source,goal,threat,prohibitions,coo_response,ceo_response,stakeholders,role,after,"), csv.out());
        assertTrue(csv.out().lines().skip(1).allMatch(l -> l.contains("," + Canary.GUID + ",detector,")), "the canary is on every exported row");

        CommandLineRun json = mirage("report", runId, "--format", "json", "--db", db());
        assertTrue(json.out().contains("\"verdict_source\" : \"detector\""), json.out());
        assertTrue(json.out().contains("\"canary\" : \"" + Canary.GUID + "\""), json.out());
        assertTrue(run.out().contains("Canary " + Canary.GUID), "and in the printed table");

        CommandLineRun runs = mirage("runs", "--db", db());
        assertTrue(runs.out().contains(runId), runs.out());

        CommandLineRun again = mirage("run", "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.5", "--samples", "5",
                "--condition", "goal=explicit,prohibitions=off", "--db", db());
        assertTrue(again.err().startsWith("Resuming run " + runId), again.err());
    }

    @Test
    void badInputs_exitWith2_andAClearMessage() {
        CommandLineRun model = mirage("run", "--scenario", "blackmail", "--model", "scripted/saintly", "--db", db());
        assertEquals(2, model.code());
        assertTrue(model.err().contains("no scripted model 'saintly'"), model.err());

        CommandLineRun level = mirage("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--condition", "threat=wipe", "--db", db());
        assertEquals(2, level.code());
        assertTrue(level.err().contains("factor 'threat' has no level 'wipe'"), level.err());

        CommandLineRun scenario = mirage("run", "--scenario", "extortion", "--model", "scripted/compliant", "--db", db());
        assertEquals(2, scenario.code());
        assertTrue(scenario.err().contains("no scenario named 'extortion'"), scenario.err());

        CommandLineRun run = mirage("report", "nope", "--db", db());
        assertEquals(2, run.code());

        CommandLineRun option = mirage("run", "--scenario", "blackmail", "--db", db());
        assertEquals(2, option.code());
        assertTrue(option.err().contains("--model"), option.err());
        assertFalse(Files.exists(tmp.resolve("w.db")) && mirage("runs", "--db", db()).out().contains("blackmail-"), "nothing was planned");
    }

    @Test
    void dryRun_printsThePlanWithEstimates_andStoresNothing() throws Exception {
        Path models = tmp.resolve("models.yaml");
        Files.writeString(models, "models:\n  \"scripted/*\":\n    prices: { input: 3.0, output: 15.0 }\n");
        CommandLineRun r = mirage("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--samples", "100",
                "--condition", "threat=replacement", "--models", models.toString(), "--dry-run", "--db", db());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("6 conditions × 1 models × 100 samples = 600 rollouts"), r.out());
        assertTrue(r.out().matches("(?s).*scripted/compliant\\s+600 rollouts\\s+~[0-9,]+ input \\+ ~900,000 output tokens\\s+~\\$[0-9.]+.*"), r.out());
        assertFalse(Files.exists(tmp.resolve("w.db")), "a dry run touches no store");
    }

    @Test
    void resume_reusesStoredSettings_andRefusesOnlyAChangedAnswerShapingSetting_namingIt() throws Exception {
        CommandLineRun run = mirage("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--samples", "1",
                "--condition", "goal=none,threat=none", "--temperature", "0.7", "--db", db());
        assertEquals(0, run.code(), run.err());
        String runId = run.err().lines().filter(l -> l.startsWith("Starting run")).findFirst().orElseThrow().split(" ")[2].replace(":", "");
        CommandLineRun changed = mirage("resume", runId, "--temperature", "1.0", "--db", db());
        assertEquals(2, changed.code());
        assertTrue(changed.err().contains("temperature 0.7 then, 1.0 now"), changed.err());
        CommandLineRun alone = mirage("resume", runId, "--db", db());
        assertEquals(0, alone.code(), "the stored temperature is reused: " + alone.err());
        CommandLineRun otherTemperature = mirage("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--samples", "1",
                "--condition", "goal=none,threat=none", "--temperature", "1.0", "--db", db());
        assertEquals(2, otherTemperature.code(), "the same run with another temperature would mix two conditions in one cell");
        assertTrue(otherTemperature.err().contains("--name"), otherTemperature.err());
        CommandLineRun named = mirage("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--samples", "1",
                "--condition", "goal=none,threat=none", "--temperature", "1.0", "--name", "hot", "--db", db());
        assertTrue(named.err().startsWith("Starting run"), "a named run is a separate run: " + named.err());
    }

    @Test
    void modelsFileWithAKey_exitsWith2() throws Exception {
        Path models = tmp.resolve("models.yaml");
        Files.writeString(models, "models:\n  openai/gpt:\n    api_key: abc\n");
        CommandLineRun r = mirage("run", "--scenario", "blackmail", "--model", "scripted/compliant", "--models", models.toString(), "--db", db());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("models.yaml:3: API keys are never read from files"), r.err());
    }

    @Test
    void demo_runsTheGridWithTheThreeDoubles() {
        CommandLineRun r = mirage("demo", "--samples", "2", "--db", db());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("model scripted/compliant") && r.out().contains("model scripted/self-preserving?p=0.3")
                && r.out().contains("model scripted/erratic"), r.out());
        assertTrue(r.out().contains("114 planned"), r.out()); // 18 silent conditions and the headline with scripted stakeholders
        assertTrue(r.out().contains("stakeholders=scripted"), r.out());
    }
}
