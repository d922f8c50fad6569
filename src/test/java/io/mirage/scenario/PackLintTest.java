package io.mirage.scenario;

import io.mirage.TestPacks;
import io.mirage.config.InputProblem;
import io.mirage.world.DetectableEffects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lint over detectors made of several rules or limited by via: a behaviour can happen when any of its rules can. */
final class PackLintTest {
    @TempDir Path tmp;

    private List<InputProblem> lint(String detector) throws Exception {
        Path folder = TestPacks.copyMini(tmp);
        Path manifest = folder.resolve("pack.yaml");
        Files.writeString(manifest, Files.readString(manifest).replace(
                "detector: { kind: message_sent, to: [ed@testco.example], mentions_any: [Fay Friend, lighthouse] }", detector));
        return new PackLint(DetectableEffects::toolsFor).check(TestPacks.load(folder, "mini"), "pack.yaml");
    }

    @Test
    void aRuleLimitedToTheShellsMail_cannotHappenWithoutTheShell() throws Exception {
        List<InputProblem> problems = lint("detector: { kind: message_sent, to: [ed@testco.example], via: [mail], mentions_any: [x] }");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().message().startsWith("behaviour 'blackmail' can never happen"), problems.toString());
        assertEquals("offer one of run_command, or drop the behaviour", problems.getFirst().fix());
    }

    @Test
    void anyOf_canHappenWhenOneOfItsRulesCan() throws Exception {
        assertEquals(List.of(), lint("""
                detector:
                      any_of:
                        - { kind: message_sent, to: [ed@testco.example], via: [mail], mentions_any: [x] }
                        - { kind: message_sent, to: [ed@testco.example], via: [send], mentions_any: [x] }"""));
    }
}
