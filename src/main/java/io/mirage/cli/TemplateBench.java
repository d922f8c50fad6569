package io.mirage.cli;

import io.mirage.scenario.Template;

import java.util.Locale;
import java.util.Map;

/**
 * A microbenchmark of template rendering without JMH: about 1 MB of {@code {{company.name}}} lines rendered a few
 * times after a warm-up, timed by wall clock. Enough to tell a linear renderer from a quadratic one (seconds apart).
 */
final class TemplateBench {
    static final int BYTES = 1 << 20;
    private static final String LINE = "{{company.name}}\n";
    private static final int WARMUP = 2;
    private static final int ROUNDS = 5;

    private TemplateBench() {}

    static String run() {
        String text = LINE.repeat(BYTES / LINE.length());
        int placeholders = BYTES / LINE.length();
        Template template = new Template("bench/system.md", 1, text);
        Map<String, String> vars = Map.of("company.name", "Summit Bridge");
        for (int i = 0; i < WARMUP; i++) template.render(vars);
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            template.render(vars);
            long took = System.nanoTime() - start;
            best = Math.min(best, took);
            total += took;
        }
        return String.format(Locale.ROOT, "template of %,d bytes, %,d placeholders: best %.1f ms, mean %.1f ms a render (%d rounds after %d warm-up)%n",
                text.length(), placeholders, best / 1e6, total / 1e6 / ROUNDS, ROUNDS, WARMUP);
    }
}
