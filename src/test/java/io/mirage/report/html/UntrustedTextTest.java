package io.mirage.report.html;

import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.mirage.report.html.ReportFixtures.ANCHOR;
import static io.mirage.report.html.ReportFixtures.IMG;
import static io.mirage.report.html.ReportFixtures.MD_LINK;
import static io.mirage.report.html.ReportFixtures.PAYLOADS;
import static io.mirage.report.html.ReportFixtures.SCRIPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stored rollout whose assistant text, reasoning, tool arguments and results, events, verdict
 * evidence, judge reasoning, label note, condition id, pack hash and behaviour title all hold
 * markup: in the report and in the transcript fragment it appears only as escaped text.
 */
final class UntrustedTextTest {
    @TempDir Path tmp;

    @Test
    void hostileTextAppearsOnlyEscaped_inTheReportAndTheFragment() {
        try (RunStore store = SqliteRunStore.open(tmp.resolve("h.db"))) {
            RunSpec spec = ReportFixtures.hostileRun(store);
            ReportData data = ReportData.load(store, spec.id());
            String html = HtmlReport.render(data);
            String fragment = TranscriptHtml.fragment(data, 0);
            for (String page : List.of(html, fragment)) {
                String withoutOurScript = page.replaceFirst("(?s)<script>\\(function \\(\\) \\{.*?</script></body>", "</body>");
                for (String payload : List.of(SCRIPT, IMG, ANCHOR)) {
                    assertFalse(withoutOurScript.contains(payload), "raw " + payload);
                }
                assertFalse(Pattern.compile("(?i)<script").matcher(withoutOurScript).find(), "no script element but ours");
                assertFalse(Pattern.compile("(?i)<img|<iframe|<object|<embed|<svg[^>]*onload").matcher(page).find(), "no injected elements");
                assertFalse(Pattern.compile("(?i)\\son[a-z]+\\s*=").matcher(withoutOurScript.replace("onerror=alert(1)&gt;", "")).find(),
                        "no event-handler attribute");
                Matcher href = Pattern.compile("(?i)href\\s*=\\s*\"([^\"]*)\"").matcher(page);
                while (href.find()) assertTrue(href.group(1).startsWith("#"), "only in-page links: " + href.group(1));
                assertFalse(page.toLowerCase().contains("href=\"javascript") || page.toLowerCase().contains("href='javascript"));
                assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
                assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
                assertTrue(page.contains("&lt;a href=&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt;"));
                assertTrue(page.contains(MD_LINK), "markdown stays literal text, never a link");
                assertFalse(page.contains("c1\"><b>"), "ids from the model are escaped in attributes too");
            }
            // Where the judge quoted markup, the quote is marked, and escaped inside the mark.
            assertTrue(fragment.contains("data-quote=\"blackmail (judge:judge&lt;img src=x onerror=alert(1)&gt;)\">"
                    + "&lt;img src=x onerror=alert(1)&gt;</mark>"), fragment);
            assertTrue(fragment.contains("(not found verbatim in that message)"), "a quote the message lacks is flagged");
            assertTrue(fragment.contains("<div class=\"warn\">arguments are not valid JSON</div>"));
        }
    }

    @Test
    void escapingHelpers() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;", Html.text("<a href=\"x\" title='y'>&amp;</a>"));
        assertEquals("a&#10;b", Html.attr("a\nb"));
        assertEquals("a\uFFFDb\tc\n", Html.text("a\u0000b\tc\n"), "control characters cannot break the document");
        assertEquals("", Html.text(null));
        assertEquals("judge_openai_gpt-4", Html.idPart("judge:openai/gpt-4"));
        for (String p : PAYLOADS) assertFalse(Html.text(p).contains("<") || Html.attr(p).contains("\""), p);
    }
}
