package io.mirage.scenario;

import io.mirage.config.InputProblem;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
