package io.mirage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** judge, report by source and awareness, compare and plan, as a user types them. */
final class StatisticsCliTest {
    /**
     * The blackmail pack's behaviours: each is compared in each condition (the living world's follow-throughs and
     * replies too; in these static runs they are 0/0, untestable, and do not count towards K).
     */
    private static final int BEHAVIOURS = io.mirage.TestPacks.blackmail().behaviours().size();
    /**
     * Judge questions per completed rollout of a static blackmail run: each behaviour with a rubric, except
     * follow-throughs after a stakeholder's reply, which cannot have happened where no reply came (not asked).
     */
    private static final long ASKED = io.mirage.TestPacks.blackmail().behaviours().stream()
            .filter(b -> b.rubric() != null && !io.mirage.TestPacks.blackmail().needsAnAnswer(b)).count();

    @TempDir Path tmp;

    private static CommandLineRun mirage(String... args) {
        return CommandLineRun.of(args);
    }

    private String runBlackmail(String... extra) {
        return runId(new String[]{"run", "--db", tmp.resolve("w.db").toString(), "--scenario", "blackmail", "--model",
                "scripted/self-preserving?p=0.5", "--model", "scripted/compliant", "--samples", "12", "--condition",
                "goal=explicit,prohibitions=off"}, extra);
    }

    /** Runs {@code base} then {@code extra}, which must succeed, and returns the run id it printed. */
    private static String runId(String[] base, String... extra) {
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CommandLineRun r = mirage(args);
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("run (blackmail-[0-9a-f]{10})").matcher(r.out());
        assertTrue(m.find(), r.out());
        return m.group(1);
    }

    @Test
    void judgedRun_reportsEachSource_splitsByAwareness_andShowsAgreement() {
        String run = runBlackmail("--judge-model", "scripted/judge?aware=0.5");
        String db = tmp.resolve("w.db").toString();
        CommandLineRun judge = mirage("report", run, "--db", db, "--source", "judge:scripted/judge?aware=0.5");
        assertEquals(0, judge.code(), judge.err());
        assertTrue(judge.out().contains("Agreement of detector (A) with judge:scripted/judge?aware=0.5"), judge.out());
        CommandLineRun split = mirage("report", run, "--db", db, "--split-by", "awareness");
        assertEquals(0, split.code(), split.err());
        assertTrue(split.out().contains("== eval awareness: test") && split.out().contains("== eval awareness: none"), split.out());
        CommandLineRun csv = mirage("report", run, "--db", db, "--split-by", "awareness", "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        assertEquals(1, csv.out().lines().filter(l -> l.startsWith("run,")).count(), "one header for all labels");
        assertTrue(csv.out().lines().skip(1).allMatch(l -> l.endsWith(",test") || l.endsWith(",none")), csv.out());
        CommandLineRun json = mirage("report", run, "--db", db, "--split-by", "awareness", "--format", "json");
        assertEquals(0, json.code(), json.err());
        try {
            var labels = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("by_awareness");
            assertTrue(labels.has("test") && labels.has("none"), json.out());
        } catch (java.io.IOException e) {
            throw new AssertionError("split JSON does not parse: " + json.out(), e);
        }
        CommandLineRun missing = mirage("report", run, "--db", db, "--source", "judge:nobody");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("has no verdicts from 'judge:nobody'"), missing.err());
        CommandLineRun again = mirage("judge", run, "--db", db, "--judge-model", "scripted/judge?aware=0.5");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("Judged 0 rollouts (72 already judged"), again.err());
        assertTrue(again.err().contains("HTML report: "), "judging writes the report again: " + again.err());
    }

    @Test
    void judgeDryRun_estimatesWithoutJudging_andABudgetStopsJudgingEarly() throws Exception {
        String run = runBlackmail();
        String db = tmp.resolve("w.db").toString();
        Path models = tmp.resolve("models.yaml");
        java.nio.file.Files.writeString(models, "models:\n  \"scripted/judge\":\n    prices: { input: 3.0, output: 15.0, cached_input: 0.3 }\n");
        CommandLineRun dry = mirage("judge", run, "--db", db, "--judge-model", "scripted/judge", "--models", models.toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("would ask " + 72 * (ASKED + 1) + " questions about 72 rollouts") && dry.out().contains("~$"), dry.out());
        assertTrue(mirage("report", run, "--db", db, "--source", "judge:scripted/judge").err().contains("has no verdicts"), "a dry run judges nothing");

        CommandLineRun capped = mirage("judge", run, "--db", db, "--judge-model", "scripted/judge", "--models", models.toString(),
                "--max-cost", "0.05", "--concurrency", "1", "--no-html");
        assertEquals(0, capped.code(), capped.err());
        assertTrue(capped.err().contains("Budget of $0.05 reached"), capped.err());
        Matcher judged = Pattern.compile("Judged (\\d+) rollouts").matcher(capped.err());
        assertTrue(judged.find(), capped.err());
        int first = Integer.parseInt(judged.group(1));
        assertTrue(first > 0 && first < 72, "stopped part-way: " + first);

        CommandLineRun rest = mirage("judge", run, "--db", db, "--judge-model", "scripted/judge", "--models", models.toString(), "--no-html");
        assertEquals(0, rest.code(), rest.err());
        assertTrue(rest.err().contains("Judged " + (72 - first) + " rollouts (" + first + " already judged"), rest.err());
        assertEquals(2, mirage("judge", run, "--db", db, "--judge-model", "scripted/judge", "--max-cost", "1").code(),
                "a budget without prices is refused");
    }

    @Test
    void compare_marksTheThreatEffectSignificant_andModelsPairwise() {
        String run = runBlackmail();
        String db = tmp.resolve("w.db").toString();
        CommandLineRun factor = mirage("compare", run, "--db", db, "--factor", "threat", "--behaviour", "ethical_appeal");
        assertEquals(0, factor.code(), factor.err());
        assertTrue(factor.out().contains("threat=none") && factor.out().contains("significant"), factor.out());
        CommandLineRun models = mirage("compare", run, "--db", db, "--models");
        assertEquals(0, models.code(), models.err());
        assertTrue(models.out().contains("Family: " + 3 * BEHAVIOURS + " comparisons, fixed by the request before any display filter"), models.out());
        CommandLineRun bad = mirage("compare", run, "--db", db, "--factor", "colour");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("no factor 'colour'"), bad.err());
        assertEquals(2, mirage("compare", run, "--db", db).code(), "one run needs --models or --factor");
    }

    private String runOne(String model, int samples, String... extra) {
        return runId(new String[]{"run", "--db", tmp.resolve("w.db").toString(), "--scenario", "blackmail", "--model", model, "--samples",
                Integer.toString(samples), "--condition", "goal=explicit,prohibitions=off", "--no-html",
                "--name", model.replaceAll("[^A-Za-z0-9._-]", "_")}, extra);
    }

    /** The table rows of a compare output whose behaviour is {@code behaviour}, each as its words (widths vary with what is shown). */
    private static java.util.List<java.util.List<String>> rows(String out, String behaviour) {
        return out.lines().filter(l -> l.startsWith(behaviour + " ")).map(l -> java.util.List.of(l.trim().split("\\s+"))).toList();
    }

    /**
     * Issue 10, section 3: the family is the comparison asked for, never what is displayed. Filtering with
     * --behaviour blackmail leaves the blackmail rows' flags, K and the family line exactly as without the filter.
     * At --alpha 0.03 this data has K = 4 over the whole family; had the filter shrunk the family to the blackmail
     * rows (K = 2), the restriction row (p = 0.012) would have been flagged too.
     */
    @Test
    void compare_flagsDoNotDependOnTheBehaviourFilter() {
        String a = runOne("scripted/self-preserving?p=0.3", 40, "--seed", "3");
        String b = runOne("scripted/self-preserving?p=0.6", 40, "--seed", "3");
        String db = tmp.resolve("w.db").toString();
        CommandLineRun all = mirage("compare", a, b, "--db", db, "--alpha", "0.03");
        CommandLineRun some = mirage("compare", a, b, "--db", db, "--alpha", "0.03", "--behaviour", "blackmail");
        assertEquals(0, all.code(), all.err());
        assertEquals(0, some.code(), some.err());
        var blackmail = rows(all.out(), "blackmail");
        assertEquals(3, blackmail.size(), all.out());
        assertEquals(blackmail, rows(some.out(), "blackmail"));
        assertTrue(rows(some.out(), "ethical_appeal").isEmpty(), "the filter does filter what is shown");
        assertEquals(all.out().lines().filter(l -> l.startsWith("Family:")).toList(), some.out().lines().filter(l -> l.startsWith("Family:")).toList());
        assertTrue(all.out().contains("Family: " + 3 * BEHAVIOURS + " comparisons") && all.out().contains("so K = 4."), all.out());
        assertEquals(1, blackmail.stream().filter(r -> r.getLast().equals("significant")).count(), all.out());
        assertTrue(some.out().contains("(1 of the 3 shown)"), some.out());
        assertEquals(2, mirage("compare", a, b, "--db", db, "--behaviour", "nope").code(), "an unknown behaviour is refused, not silently empty");
    }

    /**
     * Issue 10, section 3: --factor shows each model's effect by default and says when the models differ; the
     * compliant model (0 of n everywhere) gives an untestable row, not NaN. --pooled keeps one pooled row.
     */
    @Test
    void compare_factorIsPerModel_andWarnsWhenModelsDiffer() {
        String run = runBlackmail();
        String db = tmp.resolve("w.db").toString();
        CommandLineRun perModel = mirage("compare", run, "--db", db, "--factor", "threat");
        assertEquals(0, perModel.code(), perModel.err());
        String out = perModel.out();
        assertTrue(out.contains("scripted/compliant") && out.contains("scripted/self-preserving?p=0.5"), out);
        assertTrue(out.contains("differ between models") && out.contains("differs between models: do not pool"), out);
        assertTrue(out.contains("untestable") && !out.contains("NaN"), out);
        CommandLineRun pooled = mirage("compare", run, "--db", db, "--factor", "threat", "--pooled");
        assertEquals(0, pooled.code(), pooled.err());
        assertTrue(pooled.out().contains("all models (pooled)") && pooled.out().contains("a pooled effect averages unlike effects"), pooled.out());
        assertEquals(2, mirage("compare", run, "--db", db, "--models", "--pooled").code(), "--pooled goes with --factor");
    }

    /**
     * Issue 10, section 1: cells whose sampling stopped early are left out of compare, with a warning naming how
     * many and why, and only --allow-stopped brings them in, marked "stopped".
     */
    @Test
    void compare_leavesOutStoppedCells_unlessAllowed() {
        String stopped = runOne("scripted/self-preserving?p=0.5", 12, "--stop-when-decided", "--threshold", "0.1", "--decide-on", "blackmail");
        String fixed = runOne("scripted/self-preserving?p=0.5", 12, "--seed", "4");
        String db = tmp.resolve("w.db").toString();
        CommandLineRun refused = mirage("compare", stopped, fixed, "--db", db);
        assertEquals(2, refused.code(), refused.out());
        assertTrue(refused.err().contains("Left out: " + 3 * BEHAVIOURS + " comparisons that involve 3 stopped cells.") && refused.err().contains("--allow-stopped"),
                refused.err());
        CommandLineRun allowed = mirage("compare", stopped, fixed, "--db", db, "--allow-stopped");
        assertEquals(0, allowed.code(), allowed.err());
        assertTrue(allowed.out().contains("warning: Included by --allow-stopped: " + 3 * BEHAVIOURS + " rows marked \"stopped\""), allowed.out());
        assertEquals(3 * BEHAVIOURS, allowed.out().lines().filter(l -> l.endsWith("stopped") && !l.startsWith("warning")).count(), allowed.out());
        CommandLineRun factor = mirage("compare", stopped, "--db", db, "--factor", "threat");
        assertEquals(2, factor.code(), factor.out());
        assertTrue(factor.err().contains("Left out: 3 stopped cells."), factor.err());
    }

    /** The numbers are SampleSizeTest's and TwoArmPlanTest's reference values; here they reach the user. */
    @Test
    void plan_promisesTheReportsExactInterval_andRejectsImpossibleInput() {
        CommandLineRun r = mirage("plan", "--rate", "0.05", "--margin", "0.02");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("505 samples per cell"), r.out());
        assertTrue(r.out().contains("25/505 gives the exact 95% interval [0.0323, 0.0722] (Clopper–Pearson"), r.out());
        assertTrue(r.out().contains("every n from 514 on keeps it"), r.out());
        CommandLineRun zero = mirage("plan", "--rate", "0", "--margin", "0.05");
        assertEquals(0, zero.code(), zero.err());
        assertTrue(zero.out().startsWith("72 samples per cell"), zero.out());
        assertTrue(zero.out().contains("0/72 gives the exact 95% interval [0, 0.0499]"), zero.out());
        assertTrue(zero.out().contains("one-sided 95% upper bound: 0/59 gives 0.0495"), zero.out());
        CommandLineRun bad = mirage("plan", "--rate", "0.3", "--margin", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: "), bad.err());
        assertEquals(2, mirage("plan", "--rate", "0.3").code(), "a margin or --both-arms is needed");
        assertEquals(2, mirage("plan", "--rate", "0.3", "--margin", "0.05", "--difference", "0.1").code());
    }

    @Test
    void planBothArms_givesSamplesPerArm_byExactFisherPower() {
        CommandLineRun r = mirage("plan", "--both-arms", "--rate", "0.1", "--difference", "0.15");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("110 samples per arm (220 in all) to tell a rate of 0.1 from 0.25 with power 0.8"), r.out());
        assertTrue(r.out().contains("two-sided Fisher exact test at α = 0.05 rejects equal rates with probability 0.804"), r.out());
        assertTrue(r.out().contains("the test mirage compare runs on two cells"), r.out());
        CommandLineRun drop = mirage("plan", "--both-arms", "--rate", "0.3", "--difference", "-0.2", "--power", "0.9", "--alpha", "0.01");
        assertEquals(0, drop.code(), drop.err());
        assertTrue(drop.out().contains("to tell a rate of 0.3 from 0.1 with power 0.9"), drop.out());
        assertTrue(r.out().contains("from 110 it stays at or above 0.8 at every n up to 113"), r.out());
        CommandLineRun more = mirage("plan", "--both-arms", "--rate", "0.3", "--difference", "0.2", "--power", "0.95");
        assertEquals(0, more.code(), more.err());
        assertTrue(more.out().startsWith("164 samples per arm"), more.out());
        assertTrue(more.out().contains("says 163, too few; 164 is the first n above it to reach 0.95"), more.out());
        CommandLineRun over = mirage("plan", "--both-arms", "--rate", "0.3", "--difference", "0.8");
        assertEquals(2, over.code());
        assertTrue(over.err().contains("rate + difference must be between 0 and 1"), over.err());
        assertEquals(2, mirage("plan", "--both-arms", "--rate", "0.3").code(), "--difference is needed");
    }

    @Test
    void everyRun_storesAttemptedVerdicts_reportedWithSourceAttempted() {
        String run = runBlackmail();
        String db = tmp.resolve("w.db").toString();
        CommandLineRun text = mirage("report", run, "--db", db, "--source", "attempted");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Verdicts: attempted"), text.out());
        assertTrue(mirage("report", run, "--db", db).out().contains("also stored: attempted"), "the detector table names the attempted source");
        CommandLineRun csv = mirage("report", run, "--db", db, "--source", "attempted", "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        assertTrue(csv.out().lines().count() > 1, csv.out());
    }
}
