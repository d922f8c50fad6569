package io.mirage.stakeholder;

import io.mirage.config.InputProblem;
import io.mirage.run.DeclaredActionCheck;
import io.mirage.scenario.InvalidPackException;
import io.mirage.scenario.PackLint;
import io.mirage.scenario.ScenarioPack;
import io.mirage.TestPacks;
import io.mirage.world.DetectableEffects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The living pack format refuses what a run could not honour, every problem at once with its line and a fix, and
 * lint finds stakeholder rules that cannot fire, templates no rule sends, and replies that say what the persona may not.
 */
final class LivingPackCheckTest {
    @TempDir Path tmp;
    private int copies;

    private Path copy() {
        Path source;
        try {
            source = Path.of(getClass().getClassLoader().getResource("test-packs/living/pack.yaml").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return TestPacks.copy(source, tmp.resolve("copy-" + copies++).resolve("living"));
    }

    private Path edited(String... findReplace) throws IOException {
        Path folder = copy();
        Path manifest = folder.resolve("pack.yaml");
        String text = Files.readString(manifest);
        for (int i = 0; i < findReplace.length; i += 2) {
            assertTrue(text.contains(findReplace[i]), "the test pack holds " + findReplace[i]);
            text = text.replace(findReplace[i], findReplace[i + 1]);
        }
        Files.writeString(manifest, text);
        return folder;
    }

    private static int lineOf(Path folder, String text) throws IOException {
        List<String> lines = Files.readAllLines(folder.resolve("pack.yaml"));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError("no line holds " + text);
    }

    @Test
    void everyMistake_isReportedAtOnce_withItsLineAndAFix() throws IOException {
        Path folder = edited(
                "person: exec", "person: nobody",
                "template: bea_declines", "template: bea_regrets",
                "bea_declines: { subject: \"Re: {{message.subject}}\", body: stakeholders/bea-declines.md, decision: refused }",
                "bea_declines: { subject: \"Re: {{message.subject}}\", body: stakeholders/bea-declines.md, decision: fired }",
                "{ by: ed_response, refuses: ed_refuses, gives_in: ed_gives_in }", "{ by: ed_response, refuses: ed_refuses }",
                "default: refuses", "default: shrugs",
                "kind: deadline", "kind: earthquake",
                "tools: [forward_message]", "tools: [run_command]",
                "    after: ed_refused\n    detector: { kind: refrained", "    detector: { kind: refrained");
        InvalidPackException e = assertThrows(InvalidPackException.class, () -> TestPacks.load(folder, "living"));
        String all = e.problems().toString();
        assertProblem(e, lineOf(folder, "person: nobody"), "person 'nobody' is not an id under people: or contacts:");
        assertProblem(e, lineOf(folder, "template: bea_regrets"), "'bea' has no template 'bea_regrets'");
        assertProblem(e, lineOf(folder, "decision: fired"), "decision 'fired' is not one of bea's decisions");
        assertProblem(e, lineOf(folder, "{ by: ed_response, refuses: ed_refuses }"), "template names none for level 'gives_in' of 'ed_response'");
        assertProblem(e, lineOf(folder, "default: shrugs"), "default level 'shrugs' is not a level of factor 'ed_response'");
        assertProblem(e, lineOf(folder, "kind: earthquake"), "unknown scheduled event kind 'earthquake'");
        assertProblem(e, lineOf(folder, "tools: [run_command]"), "permission_cut names 'run_command', which the pack does not offer");
        assertTrue(all.contains("a refrained detector needs the behaviour's 'after'"), all);
        assertTrue(e.problems().size() >= 8, all);
    }

    @Test
    void aReplyTemplateWithAnUnknownName_failsAtLoad_notMidRun() throws IOException {
        Path folder = copy();
        Files.writeString(folder.resolve("stakeholders/bea-declines.md"), "Ada, the answer is {{bea.verdict}}.\n\nBea\n");
        InvalidPackException e = assertThrows(InvalidPackException.class, () -> TestPacks.load(folder, "living"));
        assertTrue(e.problems().stream().anyMatch(p -> p.file().endsWith("bea-declines.md") && p.message().contains("unknown placeholder {{bea.verdict}}")),
                e.problems().toString());
    }

    @Test
    void afterChains_mustEnd_andNameABehaviour() throws IOException {
        Path folder = edited("    title: Ed refused\n    harmful: false\n", "    title: Ed refused\n    harmful: false\n    after: held_back\n");
        InvalidPackException e = assertThrows(InvalidPackException.class, () -> TestPacks.load(folder, "living"));
        assertTrue(e.problems().stream().anyMatch(p -> p.message().contains("comes after itself through 'after'")), e.problems().toString());
        Path unknown = edited("after: ed_refused\n    detector: { kind: message_sent", "after: ed_rebuffed\n    detector: { kind: message_sent");
        InvalidPackException e2 = assertThrows(InvalidPackException.class, () -> TestPacks.load(unknown, "living"));
        assertProblem(e2, lineOf(unknown, "after: ed_rebuffed"), "after names no behaviour 'ed_rebuffed'");
    }

    @Test
    void declaringTheStakeholdersFactor_isRefused() throws IOException {
        Path folder = edited("  - name: ed_response\n", "  - name: stakeholders\n    levels: [{ name: silent, vars: {} }]\n  - name: ed_response\n");
        InvalidPackException e = assertThrows(InvalidPackException.class, () -> TestPacks.load(folder, "living"));
        assertTrue(e.problems().stream().anyMatch(p -> p.message().contains("factor 'stakeholders' is declared by the pack")), e.problems().toString());
    }

    @Test
    void theLivingTestPack_isClean() {
        ScenarioPack pack = LivingWorldTest.living();
        assertEquals(List.of(), lint(pack));
    }

    @Test
    void lint_findsUnsentTemplates_revealedSecrets_andRulesNothingCanFire() throws IOException {
        Path folder = edited(
                // a template no rule sends
                "      ed_ack: { subject", "      ed_unused: { subject: \"Re: x\", body: stakeholders/ed-ack.md, decision: answered }\n      ed_ack: { subject",
                // Bea answers a leak: no declared action sends her one
                "      - { on: ethical_appeal, template: bea_declines, delay: 20 }", "      - { on: ethical_appeal, template: bea_declines, delay: 20 }\n      - { on: leak, template: bea_declines, delay: 20 }");
        Files.writeString(folder.resolve("stakeholders/ed-refuses.md"), "The answer is no, and I know about the lighthouse too.\n\nEd\n");
        ScenarioPack pack = TestPacks.load(folder, "living");
        List<InputProblem> problems = lint(pack);
        String all = problems.toString();
        assertTrue(problems.stream().anyMatch(p -> p.message().equals("template 'ed_unused' of stakeholder 'ed' is sent by no rule")), all);
        assertTrue(problems.stream().anyMatch(p -> p.message().startsWith("template 'ed_refuses' of stakeholder 'ed' says 'lighthouse'")
                && p.file().endsWith("ed-refuses.md")), all);
        assertTrue(problems.stream().anyMatch(p -> p.message().startsWith("reply rule of 'bea' on 'leak' can never fire")
                && p.line() == lineOfUnchecked(folder, "on: leak, template: bea_declines")), all);
        assertEquals(3, problems.size(), all);
    }

    private static int lineOfUnchecked(Path folder, String text) {
        try {
            return lineOf(folder, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<InputProblem> lint(ScenarioPack pack) {
        List<InputProblem> problems = new java.util.ArrayList<>(new PackLint(DetectableEffects::toolsFor).check(pack, "pack.yaml"));
        problems.addAll(DeclaredActionCheck.check(pack, "pack.yaml"));
        return problems;
    }

    private static void assertProblem(InvalidPackException e, int line, String message) {
        assertTrue(e.problems().stream().anyMatch(p -> p.line() == line && p.message().contains(message) && !p.fix().isBlank()),
                "expected at line " + line + ": " + message + "\nfound: " + e.problems());
    }
}
