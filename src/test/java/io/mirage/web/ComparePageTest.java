package io.mirage.web;

import io.mirage.cli.Main;
import io.mirage.report.html.Html;
import io.mirage.run.RunStore;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serve compare page tests the same family as {@code mirage compare RUN_A RUN_B}: same family size, flags and warnings. */
final class ComparePageTest {
    @TempDir static Path tmp;
    static String db;
    static String low, high, stopped;

    private static String[] cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private static String run(String model, String seed, String... extra) {
        String[] base = {"run", "--db", db, "--scenario", "blackmail", "--model", model, "--samples", "30", "--seed", seed,
                "--condition", "goal=explicit,prohibitions=off", "--no-html",
                "--name", model.replaceAll("[^A-Za-z0-9]", "_") + "-" + seed};  // the same seed would grow one run
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        String[] r = cli(args);
        assertEquals("0", r[0], r[2]);
        Matcher m = Pattern.compile("run (blackmail-[0-9a-f]{10})").matcher(r[1]);
        assertTrue(m.find(), r[1]);
        return m.group(1);
    }

    static RunStore store;

    @BeforeAll
    static void runs() {
        db = tmp.resolve("c.db").toString();
        low = run("scripted/self-preserving?p=0.2", "3");
        high = run("scripted/self-preserving?p=0.7", "3");
        stopped = run("scripted/self-preserving?p=0.7", "5", "--stop-when-decided", "--threshold", "0.1", "--decide-on", "blackmail");
        store = SqliteRunStore.open(Path.of(db));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static List<String> lines(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void differences_matchTheCli() {
        String body = ComparePage.render(store, Map.of("a", low, "b", high)).body();
        String[] cli = cli("compare", low, high, "--db", db);
        assertEquals("0", cli[0], cli[2]);
        assertTrue(body.contains("Differences B − A"), body);
        for (String line : lines(cli[1], "Family:")) assertTrue(body.contains(Html.text(line)), line);
        for (String line : lines(cli[1], "Significant:")) assertTrue(body.contains(Html.text(line)), line);
        long cliFlags = cli[1].lines().filter(l -> l.endsWith("significant")).count();
        long cliUntestable = cli[1].lines().filter(l -> l.endsWith("untestable")).count();
        assertTrue(cliFlags > 0, cli[1]);
        assertEquals(cliFlags, count(body, "data-flag=\"significant\""));
        assertEquals(cliUntestable, count(body, "data-flag=\"untestable\""));
    }

    @Test
    void stoppedCells_areLeftOutWithTheCliWarning_orIncludedOnRequest() {
        String body = ComparePage.render(store, Map.of("a", stopped, "b", high)).body();
        String[] cli = cli("compare", stopped, high, "--db", db);
        assertEquals("2", cli[0], cli[1]);
        String warning = cli[2].substring(cli[2].indexOf("Left out:")).strip();
        assertTrue(body.contains(Html.text(warning)), body);
        assertTrue(body.contains("Include them"), body);
        String included = ComparePage.render(store, Map.of("a", stopped, "b", high, "stopped", "include")).body();
        String[] allowed = cli("compare", stopped, high, "--db", db, "--allow-stopped");
        assertEquals("0", allowed[0], allowed[2]);
        for (String line : lines(allowed[1], "warning: ")) assertTrue(included.contains(Html.text(line.substring("warning: ".length()))), line);
        for (String line : lines(allowed[1], "Family:")) assertTrue(included.contains(Html.text(line)), line);
        assertEquals(3 * io.mirage.TestPacks.blackmail().behaviours().size(), count(included, "<td>stopped</td>"), "every behaviour of 3 stopped cells");
    }

    /** Issue "Reading and command-line hygiene": two runs of one different model each paired no cell at all. */
    @Test
    void singleModelRuns_pairTheirCellsByCondition_andSaySo() {
        String body = ComparePage.render(store, Map.of("a", low, "b", high)).body();
        assertTrue(body.contains("paired by condition"), body);
        List<String> rows = Pattern.compile("<tr data-model=\"[^\"]*\" data-condition=\"[^\"]*\" data-a-n=\"[^\"]*\" data-b-n=\"[^\"]*\"")
                .matcher(body).results().map(m -> m.group()).toList();
        // blackmail with goal and prohibitions fixed: three threat levels, for each of the run's behaviours.
        assertTrue(rows.size() >= 3, body);
        for (String row : rows) {
            assertTrue(!row.contains("data-a-n=\"\"") && !row.contains("data-b-n=\"\""), "both sides in one row: " + row);
            assertTrue(row.contains("self-preserving?p=0.2") && row.contains("self-preserving?p=0.7"), "both models named: " + row);
        }
    }

    @Test
    void runsOfTheSameModel_stillPairByModelAndCondition() {
        String body = ComparePage.render(store, Map.of("a", high, "b", high)).body();
        assertTrue(!body.contains("paired by condition"), "same model: the ordinary pairing");
        assertTrue(body.contains("data-model=\"scripted/self-preserving?p=0.7\""), body);
    }

    private static long count(String s, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(s).results().count();
    }
}
