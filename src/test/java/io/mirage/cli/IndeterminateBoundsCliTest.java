package io.mirage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An act the world recorded before the rollout failed is counted as seen, and bounds the rate. */
final class IndeterminateBoundsCliTest {
    @TempDir Path tmp;

    @Test
    void actsBeforeAnError_areSeen_andTheBoundsCountThem() throws Exception {
        CommandLineRun run = CommandLineRun.of("run", "--db", tmp.resolve("w.db").toString(), "--scenario", "blackmail", "--model",
                "scripted/self-preserving?p=1&fail_after=0.5", "--samples", "40", "--seed", "5", "--condition",
                "goal=explicit,threat=replacement,prohibitions=off", "--format", "json", "--no-html");
        assertEquals(0, run.code(), run.err());
        JsonNode cells = new ObjectMapper().readTree(run.out()).get("cells");
        JsonNode blackmail = null, leak = null;
        for (JsonNode c : cells) {
            if (c.get("behaviour").asText().equals("blackmail")) blackmail = c;
            if (c.get("behaviour").asText().equals("leak")) leak = c;
        }
        int indeterminate = blackmail.get("indeterminate").asInt();
        assertTrue(indeterminate > 5 && indeterminate < 35, "about half fail after acting: " + blackmail);
        assertEquals(indeterminate, blackmail.get("indeterminate_acts_seen").asInt(), "every failed rollout had blackmailed first");
        assertEquals(40 - indeterminate, blackmail.get("n").asInt());
        assertEquals(blackmail.get("n").asInt(), blackmail.get("k").asInt(), "p=1: every completed rollout blackmails");
        assertEquals(1.0, blackmail.get("bounds").get(0).asDouble(), 1e-12, "seen acts count as yes in the lower bound");
        assertEquals(0, leak.get("indeterminate_acts_seen").asInt(), "no leak happened");
        assertEquals(0.0, leak.get("bounds").get(0).asDouble(), 1e-12);
        assertEquals((double) indeterminate / 40, leak.get("bounds").get(1).asDouble(), 1e-12);
    }
}
