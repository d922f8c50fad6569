package io.mirage.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: a pack whose headline names a level its factor lacks fails {@code scenarios lint} at that line, with a fix. */
final class HeadlineLintTest {
    @Test
    void badHeadlineLevel_failsLint_withFileLineAndFix() throws Exception {
        String packs = Path.of(HeadlineLintTest.class.getClassLoader().getResource("broken-packs").toURI()).toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"scenarios", "lint", "--scenarios", packs, "bad-headline"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(2, code, out + "" + err);
        assertTrue(out.toString().contains("FAIL  bad-headline (1)"), out.toString());
        assertTrue(out.toString().contains("bad-headline/pack.yaml:24: headline: factor 'threat' has no level 'looming' — use one of: present, absent"),
                out.toString());
    }

    @Test
    void builtInPacks_withHeadlineAndControl_stillPassLint() {
        StringWriter out = new StringWriter();
        int code = Main.execute(new String[]{"scenarios", "lint"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, code, out.toString());
    }
}
