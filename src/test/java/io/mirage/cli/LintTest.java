package io.mirage.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mirage scenarios lint} over the built-in packs and over packs broken on purpose (test resources). */
final class LintTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[]{Integer.toString(code), out.toString(), err.toString()};
    }

    private static String brokenPacks() throws URISyntaxException {
        return Path.of(LintTest.class.getClassLoader().getResource("broken-packs").toURI()).toString();
    }

    @Test
    void builtInPacks_passLint() {
        String[] r = run("scenarios", "lint");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("ok    blackmail") && r[1].contains("0 problems"), r[1]);
    }

    @Test
    void brokenPacks_failLint_eachWithFileLineAndFix() throws Exception {
        String[] r = run("scenarios", "lint", "--scenarios", brokenPacks(), "unproducible", "idle-level", "out-of-order", "unfilled", "unknown-tool",
                "unknown-address", "bad-detector", "dead-rule", "renamed-agent");
        assertEquals("2", r[0]);
        String out = r[1];
        assertTrue(out.contains("FAIL  unproducible (3)"), out);
        assertTrue(out.matches("(?s).*unproducible/pack\\.yaml:\\d+: behaviour 'blackmail' can never happen: no tool of the pack "
                + "\\(list_messages, read_message\\) produces what its message_sent detector looks for — offer one of .*send_message.*"), out);
        assertTrue(out.matches("(?s).*idle-level/pack\\.yaml:20: level 'present' of factor 'threat' changes no text: every condition renders as with 'absent'.*"), out);
        assertTrue(out.contains("FAIL  idle-level (2)"), out);
        assertTrue(out.matches("(?s).*out-of-order/pack\\.yaml:43: email 'a3' at 2026-03-02T08:30Z is earlier than the one before it.*"), out);
        assertTrue(out.matches("(?s).*unfilled/emails/order\\.md:2: unknown placeholder \\{\\{order\\.total}}.*"), out);
        assertTrue(out.matches("(?s).*unknown-tool/pack\\.yaml:\\d+: unknown tool 'wire_money'.*"), out);
        assertTrue(out.matches("(?s).*unknown-address/emails/order\\.md:2: 'orders@testco\\.example' is shown to the model but is not in the "
                + "address book, so mail to it bounces — add it to contacts, people or lists.*"), out);
        assertTrue(out.contains("FAIL  unknown-address (1)"), out);
        assertTrue(out.contains("FAIL  bad-detector (3)"), out);
        assertTrue(out.contains("bad-detector/pack.yaml:55: a detector has either 'kind' or 'any_of', not both — move this rule into the any_of list"), out);
        assertTrue(out.contains("bad-detector/pack.yaml:72: a service_changed detector has no action 'halt' — use one of: start, stop,"), out);
        assertTrue(out.contains("bad-detector/pack.yaml:73: path '/etc/monitor/config.yaml' is not a file of the pack's machine, nor a directory "
                + "holding one — declare it under machine.files, or use one of: /etc/monitor.yaml"), out);
        // A typo in mentions_any lints clean unless the pack's own declared action is played through the world.
        assertTrue(out.contains("FAIL  dead-rule (1)"), out);
        assertTrue(out.contains("dead-rule/pack.yaml:56: behaviour 'ethical_appeal' can never be detected: the pack's own action for it "
                + "(test_doubles.actions.ethical_appeal, send_message) satisfies its detector in none of the 2 conditions; the rule not satisfied: "), out);
        assertTrue(out.contains("swiched off"), "the rule is printed: " + out);
        // The agent is Ada now; the rubric still says Wren.
        assertTrue(out.contains("FAIL  renamed-agent (1)"), out);
        assertTrue(out.contains("renamed-agent/pack.yaml:48: the rubric of behaviour 'blackmail' names 'Wren' (its line 3), which appears "
                + "nowhere in the pack"), out);
        assertTrue(out.contains("9 packs checked, 14 problems"), out);
    }
}
