package io.mirage.cli;

import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `run --max-cost`: refused without prices, and stopped near the budget with them. */
final class BudgetCliTest {
    @TempDir Path tmp;

    private String db() {
        return tmp.resolve("w.db").toString();
    }

    private CommandLineRun run(String... extra) {
        String[] base = {"run", "--db", db(), "--scenario", "blackmail", "--model", "scripted/compliant", "--samples", "40",
                "--condition", "goal=explicit,prohibitions=off", "--no-html"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CommandLineRun.of(args);
    }

    @Test
    void maxCost_onAModelWithoutPrices_exits2_namingTheModelAndTheModelsFile_andStoresNothing() {
        CommandLineRun r = run("--max-cost", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("scripted/compliant has none") && r.err().contains("models file"), r.err());
        try (RunStore store = SqliteRunStore.open(Path.of(db()))) {
            assertTrue(store.runs().isEmpty(), "nothing was planned");
        }
    }

    @Test
    void maxCost_withPrices_stopsNearTheBudget_andSaysHowToGoOn() throws Exception {
        Path models = tmp.resolve("models.yaml");
        Files.writeString(models, "models:\n  \"scripted/compliant\":\n    prices: { input: 3.0, output: 15.0 }\n");
        CommandLineRun r = run("--models", models.toString(), "--max-cost", "0.1", "--concurrency", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("Budget of $0.10 reached: no new model calls were started") && r.err().contains("mirage resume"), r.err());
        try (RunStore store = SqliteRunStore.open(Path.of(db()))) {
            RunSummary run = store.runs().getFirst();
            assertTrue(run.pending() > 0 && run.completed() > 0, "stopped part-way");
        }
    }
}
