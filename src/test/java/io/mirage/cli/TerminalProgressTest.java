package io.mirage.cli;

import io.mirage.model.resilience.ModelWait;
import io.mirage.run.Progress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress line shows retries, rate-limit waits and an open circuit while they last, on a fake clock. */
final class TerminalProgressTest {
    private long now;
    private final StringWriter out = new StringWriter();
    private final TerminalProgress progress = new TerminalProgress(new PrintWriter(out), () -> now);

    /** What the terminal shows: the text after the last carriage return, without the padding. */
    private String shown() {
        String s = out.toString();
        return s.substring(s.lastIndexOf('\r') + 1).stripTrailing();
    }

    private static final ModelWait RETRY = new ModelWait("openai/gpt-x", ModelWait.Kind.RETRY, Duration.ofSeconds(8), "429 slow down");
    private static final ModelWait LIMIT = new ModelWait("openai/gpt-x", ModelWait.Kind.RATE_LIMIT, Duration.ofSeconds(1), "");
    private static final ModelWait OPEN = new ModelWait("openai/gpt-x", ModelWait.Kind.CIRCUIT_OPEN, Duration.ofSeconds(30), "");

    @Test
    void retry_showsWhileItWaits_withTheTimeToTheNextAttempt_andTheCountAfter() {
        progress.onProgress(new Progress(3, 10, 0, 0, Duration.ofSeconds(3)));
        assertEquals("3/10 rollouts  1/s  0 errors  0m07s left", shown().strip());
        now += 1_000_000_000L;
        progress.waitStarted(RETRY);
        assertTrue(shown().endsWith("1 retry  · 1 call backing off to retry (openai/gpt-x), next in 0m08s"), shown());
        now += 3_000_000_000L;
        progress.waitStarted(LIMIT);
        assertTrue(shown().contains("next in 0m05s"), "the time left counts down: " + shown());
        assertTrue(shown().endsWith("· 1 call waiting for a rate limit (openai/gpt-x)"), shown());
        progress.waitEnded(RETRY);
        progress.waitEnded(LIMIT);
        assertEquals("3/10 rollouts  1/s  0 errors  0m07s left  1 retry", shown().strip(), "over: only the count stays");
    }

    @Test
    void openCircuit_namesTheModelAndHowLongCallsArePaused() {
        progress.waitStarted(OPEN);
        progress.waitStarted(OPEN);
        assertEquals("starting  · circuit open for openai/gpt-x after repeated failures: calls paused, 0m30s more", shown().strip());
        now += 12_000_000_000L;
        progress.onProgress(new Progress(10, 10, 2, 0, Duration.ofSeconds(12)));
        assertTrue(shown().endsWith("calls paused, 0m18s more"), shown());
        assertTrue(out.toString().endsWith(System.lineSeparator()), "the finished line ends with a newline");
        String finished = out.toString();
        progress.waitEnded(OPEN);
        progress.waitEnded(OPEN);
        assertEquals(finished, out.toString(), "nothing is drawn after the finished line");
    }

    @Test
    void progress_isDrawnAtMostFiveTimesASecond_butWaitsAtOnce() {
        progress.onProgress(new Progress(1, 10, 0, 0, Duration.ofSeconds(1)));
        now += 100_000_000L;
        progress.onProgress(new Progress(2, 10, 0, 0, Duration.ofSeconds(1)));
        assertTrue(shown().startsWith("  1/10"), shown());
        progress.waitStarted(LIMIT);
        assertTrue(shown().startsWith("  2/10") && shown().contains("rate limit"), shown());
    }
}
