package io.mirage.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15, item 7: flags refuse the numbers the models file refuses, with exit 2 and the flag's name, before anything runs. */
final class NumberFlagsCliTest {
    @TempDir Path tmp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--temperature, NaN, must be a finite number",
            "--timeout, -1, must be greater than 0",
            "--timeout, 0, must be greater than 0",
            "--max-cost, NaN, must be a finite number",
            "--max-cost, Infinity, must be a finite number",
            "--rpm, 0, must be at least 1"})
    void badNumbers_areRefused(String flag, String value, String why) {
        CommandLineRun r = CommandLineRun.of("run", "--db", tmp.resolve("w.db").toString(), "--scenario", "blackmail", "--model",
                "scripted/compliant", "--samples", "1", "--no-html", flag, value);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(flag + " " + why), r.err());
    }
}
