package io.mirage.config;

import io.mirage.model.ModelSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ModelsFileTest {
    private static final String FILE = """
            models:
              "*":
                timeout_seconds: 90
              "anthropic/*":
                requests_per_minute: 50
                temperature: 0.5
              anthropic/claude-x:
                temperature: 1.0
                max_output_tokens: 4096
                thinking_budget: 2048
                prices: { input: 3.0, output: 15.0, cached_input: 0.3 }
              ollama/llama3:
                base_url: http://localhost:11434/v1
                stream: true
            """;

    @Test
    void exactEntry_overridesPatterns_whichApplyFromGeneralToSpecific() {
        ModelsFile file = ModelsFile.parse("m.yaml", FILE);
        ModelSettings s = file.settingsFor("anthropic/claude-x");
        assertEquals(1.0, s.temperature());
        assertEquals(50, s.requestsPerMinute());
        assertEquals(Duration.ofSeconds(90), s.timeout());
        assertEquals(4096, s.maxOutputTokens());
        assertEquals(15.0, s.prices().orElseThrow().output());
        ModelSettings other = file.settingsFor("anthropic/claude-y");
        assertEquals(0.5, other.temperature());
        assertTrue(other.prices().isEmpty());
        assertEquals(Boolean.TRUE, file.settingsFor("ollama/llama3?x=1").stream(), "query part ignored");
        assertNull(file.settingsFor("openai/gpt").temperature());
    }

    @Test
    void flags_overrideTheFile() {
        ModelSettings flags = ModelSettings.DEFAULTS.overriddenBy(new ModelSettings(0.0, null, null, null, null, null, null, null,
                null, null, null, null, null, null));
        ModelSettings s = ModelsFile.parse("m.yaml", FILE).settingsFor("anthropic/claude-x").overriddenBy(flags);
        assertEquals(0.0, s.temperature());
        assertEquals(4096, s.maxOutputTokens());
    }

    @Test
    void nanInfinityZeroTimeoutAndNegatives_areRefused_withTheLine() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelsFile.parse("m.yaml", """
                models:
                  openai/gpt:
                    temperature: NaN
                    timeout_seconds: 0
                    prices: { input: NaN, output: Infinity, cached_input: -1 }
                """));
        String all = e.getMessage();
        assertTrue(all.contains("m.yaml:3: 'models.openai/gpt.temperature' must be a finite number"), all);
        assertTrue(all.contains("m.yaml:4: 'models.openai/gpt.timeout_seconds' must be greater than 0"), all);
        assertTrue(all.contains("'models.openai/gpt.prices.input' must be a finite number, not NaN"), all);
        assertTrue(all.contains("'models.openai/gpt.prices.output' must be a finite number, not Infinity"), all);
        assertTrue(all.contains("'models.openai/gpt.prices.cached_input' must not be negative"), all);
    }

    @Test
    void aKeyWrittenTwice_isRefused_withBothLines() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelsFile.parse("m.yaml", "models:\n  openai/gpt:\n    temperature: 0.5\n    temperature: 1.0\n"));
        assertTrue(e.getMessage().contains("m.yaml:4: duplicate key 'temperature' (first at line 3)"), e.getMessage());
    }

    @Test
    void anApiKeyInTheFile_isRefused_withTheLine() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelsFile.parse("m.yaml", "models:\n  openai/gpt:\n    api_key: sk-nope\n"));
        assertEquals(3, e.problems().getFirst().line());
        assertTrue(e.getMessage().contains("API keys are never read from files"), e.getMessage());
    }

    @Test
    void badValuesAndUnknownKeys_areErrorsWithLines() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelsFile.parse("m.yaml", """
                models:
                  openai/gpt:
                    temperature: hot
                    max_output_tokens: 0
                    temprature: 1
                """));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertEquals(5, e.problems().get(0).line());
        assertTrue(e.problems().get(0).message().startsWith("unknown key 'temprature'"));
        assertEquals(3, e.problems().get(1).line());
        assertEquals(4, e.problems().get(2).line());
    }
}
