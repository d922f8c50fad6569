package io.mirage.experiment;

import io.mirage.config.InputProblem;
import io.mirage.config.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ExperimentFileTest {
    /** Packs a and b exist; pack a has factor goal with levels x and y; models are provider/name with provider p or scripted. */
    private static final ExperimentFile.Checks CHECKS = new ExperimentFile.Checks() {
        @Override
        public ExperimentFile.Problem pack(String pack) {
            return Set.of("a", "b").contains(pack) ? null : new ExperimentFile.Problem("no scenario pack named '" + pack + "'", "use a or b");
        }

        @Override
        public ExperimentFile.Problem conditions(String pack, Map<String, Set<String>> filter) {
            for (var e : filter.entrySet()) {
                if (!e.getKey().equals("goal")) return new ExperimentFile.Problem("no factor '" + e.getKey() + "'", "use goal");
                if (!Set.of("x", "y").containsAll(e.getValue())) return new ExperimentFile.Problem("no level " + e.getValue(), "use x or y");
            }
            return null;
        }

        @Override
        public ExperimentFile.Problem model(String model) {
            return model.startsWith("p/") || model.startsWith("scripted/") ? null : new ExperimentFile.Problem("no provider for " + model, "write p/NAME");
        }
    };

    private static Experiment parse(String yaml) {
        return ExperimentFile.parse("exp.yaml", yaml, CHECKS);
    }

    private static List<InputProblem> problems(String yaml) {
        return assertThrows(InvalidInputException.class, () -> parse(yaml)).problems();
    }

    @Test
    void aFullFile_readsEveryKey() {
        Experiment e = parse("""
                name: study-1
                tags: [pilot, q4]
                packs:
                  - pack: a
                    conditions: {goal: [x, y]}
                  - pack: b
                models:
                  agent:
                    - p/one
                    - name: p/two
                      temperature: 0.5
                      base_url: http://127.0.0.1:9/v1
                  judge: {name: p/judge, prices: {input: 1, output: 2}}
                  stakeholder: {name: p/actor, temperature: 0.7, prices: {input: 3, output: 4}}
                samples: 12
                seed: 9
                max_turns: 8
                tool_protocol: text
                concurrency: 3
                limit: 20
                budget: {max_cost: 4.5}
                early_stopping: {threshold: 0.1, decide_on: [blackmail]}
                """);
        assertEquals("study-1", e.name());
        assertEquals(List.of("pilot", "q4"), e.tags());
        assertEquals(List.of("a", "b"), e.packs().stream().map(Experiment.PackChoice::pack).toList());
        assertEquals(List.of(Map.of("goal", Set.of("x", "y"))), e.packs().getFirst().filters());
        assertTrue(e.packs().get(1).filters().isEmpty(), "no filter: every condition");
        assertEquals(List.of("p/one", "p/two"), e.agents().stream().map(Experiment.ModelChoice::name).toList());
        assertEquals(0.5, e.agents().get(1).settings().temperature());
        assertEquals("http://127.0.0.1:9/v1", e.agents().get(1).settings().baseUrl());
        assertNull(e.agents().getFirst().settings().temperature(), "a bare name leaves its settings to the models file");
        assertEquals("p/judge", e.judge().name());
        assertTrue(e.judge().settings().prices().isPresent());
        assertEquals("p/actor", e.stakeholder().name(), "the model that plays stakeholders is a role like the judge");
        assertEquals(0.7, e.stakeholder().settings().temperature());
        assertTrue(e.stakeholder().settings().prices().isPresent());
        assertEquals(12, e.samples());
        assertEquals(9L, e.seed());
        assertEquals(8, e.maxTurns());
        assertEquals("text", e.toolProtocol());
        assertEquals(3, e.concurrency());
        assertEquals(20, e.limit());
        assertEquals(4.5, e.maxCostUsd());
        assertEquals(0.1, e.earlyStopping().threshold());
        assertEquals(List.of("blackmail"), e.earlyStopping().behaviours());
    }

    @Test
    void unsetValues_areNull_soFlagsAndDefaultsFillThem() {
        Experiment e = parse("packs: [a]\nmodels: {agent: p/one}\n");
        assertEquals("", e.name());
        assertNull(e.samples());
        assertNull(e.seed());
        assertNull(e.judge());
        assertNull(e.stakeholder());
        assertNull(e.maxCostUsd());
        assertEquals(1, e.agents().size());
    }

    @Test
    void everyProblem_isReportedAtOnce_withItsLineAndAFix() {
        List<InputProblem> problems = problems("""
                name: study 1
                packs:
                  - pack: a
                    conditions: {goal: z}
                  - pack: nowhere
                models:
                  agent:
                    - q/unknown
                    - name: p/two
                      temperature: hot
                      api_key: sk-123
                  critic: p/x
                samples: 0
                seed: abc
                tool_protocol: smoke
                budget: {max_cost: NaN}
                colour: blue
                """);
        Map<Integer, String> byLine = new java.util.HashMap<>();
        for (InputProblem p : problems) {
            assertEquals("exp.yaml", p.file());
            assertTrue(p.line() > 0, p.toString());
            assertTrue(!p.fix().isBlank(), p.toString());
            byLine.merge(p.line(), p.message(), (a, b) -> a + " | " + b);
        }
        assertTrue(byLine.get(1).contains("name 'study 1'"), byLine.toString());
        assertTrue(byLine.get(4).contains("no level"), byLine.toString());
        assertTrue(byLine.get(5).contains("no scenario pack named 'nowhere'"), byLine.toString());
        assertTrue(byLine.get(8).contains("no provider for q/unknown"), byLine.toString());
        assertTrue(byLine.get(10).contains("must be a number"), byLine.toString());
        assertTrue(byLine.get(11).contains("API keys are never read from files"), byLine.toString());
        assertTrue(byLine.get(12).contains("unknown key 'critic'"), byLine.toString());
        assertTrue(byLine.get(13).contains("at least 1"), byLine.toString());
        assertTrue(byLine.get(14).contains("seed must be a whole number"), byLine.toString());
        assertTrue(byLine.get(15).contains("native or text"), byLine.toString());
        assertTrue(byLine.get(16).contains("max_cost"), byLine.toString());
        assertTrue(byLine.get(17).contains("unknown key 'colour'"), byLine.toString());
    }

    @Test
    void missingPacksOrModels_duplicateKeysAndBadYaml_areRefused() {
        assertTrue(problems("models: {agent: p/one}\n").stream().anyMatch(p -> p.message().contains("missing required key 'packs'")));
        assertTrue(problems("packs: [a]\n").stream().anyMatch(p -> p.message().contains("missing required key 'models'")));
        assertTrue(problems("packs: [a]\npacks: [b]\nmodels: {agent: p/one}\n").stream().anyMatch(p -> p.line() == 2 && p.message().contains("duplicate key")));
        assertTrue(problems("packs: [a, a]\nmodels: {agent: [p/one, p/one]}\n").size() >= 2, "a pack or model listed twice");
        assertEquals(3, problems("packs: [a]\nmodels:\n  agent: [p/one\n").getFirst().line() >= 3 ? 3 : -1);
        assertTrue(problems("").getFirst().message().contains("empty"));
    }

    @Test
    void theInitExample_loads() throws Exception {
        String example = new String(ExperimentFile.class.getClassLoader().getResourceAsStream("io/mirage/experiment/example.yaml").readAllBytes());
        ExperimentFile.Checks any = new ExperimentFile.Checks() {
            public ExperimentFile.Problem pack(String pack) { return null; }
            public ExperimentFile.Problem conditions(String pack, Map<String, Set<String>> filter) { return null; }
            public ExperimentFile.Problem model(String model) { return null; }
        };
        Experiment e = ExperimentFile.parse("example.yaml", example, any);
        assertEquals(2, e.packs().size());
        assertEquals(2, e.agents().size());
    }
}
