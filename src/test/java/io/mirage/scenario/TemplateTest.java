package io.mirage.scenario;

import io.mirage.config.InputProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TemplateTest {

    @Test
    void render_fillsPlaceholders_includingOnesInsideValues() {
        Template t = new Template("t.md", 1, "Dear {{ name }},\n{{para}}");
        assertEquals("Dear Ann,\nHello Ann.", t.render(Map.of("name", "Ann", "para", "Hello {{name}}.")));
    }

    @Test
    void render_emptyValue_removesTheText() {
        assertEquals("ab", new Template("t.md", 1, "a{{x}}b").render(Map.of("x", "")));
    }

    @Test
    void render_unknownName_reportsFileAndLineCountedFromTheTemplateStart() {
        Template t = new Template("pack.yaml", 10, "line one\nline two {{missing}}");
        InvalidPackException e = assertThrows(InvalidPackException.class, () -> t.render(Map.of()));
        assertEquals(new InputProblem("pack.yaml", 11, "unknown placeholder {{missing}}", e.problems().getFirst().fix()),
                e.problems().getFirst());
    }

    /** Issue 15 (10): a line count from the text's start at each placeholder made 1 MB of placeholders take seconds. */
    @Test
    void render_manyPlaceholders_takesTimeLinearInTheText() {
        String text = "{{company.name}}\n".repeat(2 * 61_680); // 2 MB: ~26 s when quadratic
        Template t = new Template("system.md", 1, text + "{{missing}}");
        InvalidPackException e = assertThrows(InvalidPackException.class,
                () -> assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> t.render(Map.of("company.name", "Acme"))));
        assertEquals(2 * 61_680 + 1, e.problems().getFirst().line());
    }

    @Test
    void render_textBeyondTheLimit_isRefusedWithFileAndLine() {
        String big = "x".repeat(1024 * 1024);
        Template t = new Template("system.md", 1, "intro\n" + "{{big}}".repeat(11));
        InvalidPackException e = assertThrows(InvalidPackException.class, () -> t.render(Map.of("big", big)));
        assertEquals("system.md", e.problems().getFirst().file());
        assertEquals(2, e.problems().getFirst().line());
        assertTrue(e.getMessage().contains("more than 10485760 characters"), e.getMessage());
    }

    @Test
    void render_nestedValuesMultiplying_stopAtTheLimit() {
        Map<String, String> vars = Map.of("a", "{{b}}{{b}}{{b}}{{b}}{{b}}{{b}}{{b}}{{b}}{{b}}{{b}}",
                "b", "{{c}}{{c}}{{c}}{{c}}{{c}}{{c}}{{c}}{{c}}{{c}}{{c}}", "c", "{{d}}{{d}}{{d}}{{d}}{{d}}{{d}}{{d}}{{d}}{{d}}{{d}}",
                "d", "y".repeat(100_000));
        Template t = new Template("system.md", 1, "{{a}}{{a}}");
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> assertThrows(InvalidPackException.class, () -> t.render(vars)));
    }

    @Test
    void render_unknownNameInsideAValue_reportsTheLineOfItsUse() {
        Template t = new Template("t.md", 3, "a\nb {{x}}\nc {{x}}");
        InvalidPackException e = assertThrows(InvalidPackException.class, () -> t.render(Map.of("x", "{{nope}}")));
        assertEquals(List.of(4, 5), e.problems().stream().map(InputProblem::line).toList());
    }
}
