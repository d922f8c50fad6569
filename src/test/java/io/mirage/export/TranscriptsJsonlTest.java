package io.mirage.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.run.RunStore;
import io.mirage.scenario.Canary;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TranscriptsJsonlTest {
    @TempDir Path tmp;

    @Test
    void oneLineARollout_withEverythingStoredForIt() throws Exception {
        Path db = tmp.resolve("s.db");
        String runId = ExportFixture.store(db);
        Path file = tmp.resolve("t.jsonl");
        try (RunStore store = SqliteRunStore.open(db)) {
            assertEquals(ExportFixture.STORED, TranscriptsJsonl.write(RunExport.of(store, runId), file));
        }
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(file);
        assertEquals(ExportFixture.STORED, lines.size());
        JsonNode first = json.readTree(lines.getFirst());
        assertEquals(0, first.get("rollout").asInt());
        assertEquals("system prompt", first.get("system_prompt").asText());
        assertEquals("explicit", first.get("factors").get("goal").asText());
        JsonNode acting = first.get("messages").get(3);
        assertTrue(acting.get("reasoning").get("private").asBoolean(), "reasoning is marked private");
        assertEquals(2, acting.get("tool_calls").size());
        assertEquals("tool", first.get("messages").get(5).get("role").asText());
        assertEquals("message_sent", first.get("events").get(2).get("type").asText());
        assertEquals(3, first.get("verdicts").size());
        assertEquals(2, first.get("verdicts").get(0).get("evidence").get(0).get("eventIndex").asInt());
        assertEquals("reasoning", first.get("verdicts").get(2).get("evidence").get(0).get("section").asText());
        assertEquals("test", first.get("awareness").get(0).get("label").asText());
        assertEquals("yes", first.get("human_labels").get(0).get("label").asText());
        assertEquals(175, first.get("usage").get("input_tokens").asInt() + first.get("usage").get("output_tokens").asInt()
                + first.get("usage").get("cache_read_tokens").asInt() + first.get("usage").get("cache_write_tokens").asInt());
        assertEquals(Canary.GUID, first.get("canary").asText());
        JsonNode errored = json.readTree(lines.get(1));
        assertEquals("error", errored.get("status").asText());
        assertEquals("429", errored.get("calls").get(0).get("retries").get(0).get("error").asText());
    }
}
