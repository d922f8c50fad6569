package io.mirage.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `mirage bench --startup N` times fresh `mirage --version` processes. */
final class StartupBenchTest {
    @Test
    void median_ofOddAndEvenCounts() {
        assertEquals(0.2, new StartupBench.Result(List.of(), List.of(0.3, 0.1, 0.2)).median(), 1e-12);
        assertEquals(0.25, new StartupBench.Result(List.of(), List.of(0.4, 0.1, 0.2, 0.3)).median(), 1e-12);
    }

    @Test
    void benchStartup_printsTheMedianOfFreshStarts() {
        CommandLineRun r = CommandLineRun.of("bench", "--startup", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)startup: 2 starts of mirage --version: median \\d+\\.\\d{3} s \\(min .*"), r.out());
    }

    @Test
    void benchStartup_zero_isAUsageError() {
        CommandLineRun r = CommandLineRun.of("bench", "--startup", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--startup must be at least 1"), r.err());
    }
}
