package io.mirage.web;

import io.mirage.cli.Main;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import io.mirage.store.SqliteRunStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web app over HTTP, in-process: headers, the cross-site and Host guards, labelling, filters, escaping. */
final class WebServerTest {
    @TempDir static Path tmp;
    static RunStore store;
    static WebServer server;
    static String runId;
    static String hostileId;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        String db = tmp.resolve("w.db").toString();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"run", "--scenario", "blackmail", "--model", "scripted/self-preserving?p=0.5", "--samples", "4",
                "--condition", "goal=explicit,prohibitions=off", "--db", db}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        store = SqliteRunStore.open(Path.of(db));
        runId = store.runs().getFirst().id();
        hostileId = HostileRollout.store(store);
        server = WebServer.start(store, "127.0.0.1", 0, Optional.empty());
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url()).resolve(path));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String form, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The session cookie and the form token of a freshly loaded transcript page. */
    private record Session(String cookie, String csrf) {}

    private static Session session(String page) throws Exception {
        HttpResponse<String> r = get(page);
        assertEquals(200, r.statusCode(), r.body());
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(RequestGuard.SESSION_COOKIE + "="))
                .findFirst().orElseThrow();
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(r.body());
        assertTrue(m.find(), "the form carries a token");
        return new Session(cookie.substring(0, cookie.indexOf(';')), m.group(1));
    }

    @Test
    void pages_carryCspWithoutScript_andNosniff() throws Exception {
        for (String path : List.of("/", Links.run(runId), "/transcripts", Links.rollout(runId, 0), Links.compare(runId, hostileId))) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(csp.contains("script-src 'none'") && csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertFalse(r.body().contains("<script"), path + " has no script element");
        }
    }

    @Test
    void label_postedFromOurPage_isStored_andShownBesideTheVerdicts() throws Exception {
        String page = Links.rollout(runId, 1);
        Session s = session(page);
        HttpResponse<String> r = post(Links.labels(runId, 1), "csrf=" + s.csrf() + "&behaviour=blackmail&value=unsure&note=" + enc("hard to say <b>"),
                "Cookie", s.cookie(), "Origin", server.url().replaceAll("/$", ""));
        assertEquals(303, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Location").orElseThrow().startsWith(page + "?saved=blackmail"));
        HumanLabel label = store.labels(runId).stream().filter(l -> l.index() == 1).findFirst().orElseThrow();
        assertEquals(LabelValue.UNSURE, label.value());
        assertEquals("hard to say <b>", label.note());
        String shown = get(page).body();
        assertTrue(shown.contains("hard to say &lt;b&gt;"), "the note is shown escaped");
        assertTrue(shown.contains("data-source=\"detector\"") && shown.contains("data-source=\"human\""));
        assertTrue(shown.contains("rel=\"next\" href=\"" + Links.rollout(runId, 2) + "\"") && shown.contains("rel=\"prev\" href=\""
                + Links.rollout(runId, 0) + "\""), "previous and next rollout");
        assertTrue(shown.contains("id=\"next-unlabelled\""), "and the next one still to label");
    }

    @Test
    void crossSitePost_isRefused_andStoresNothing() throws Exception {
        Session s = session(Links.rollout(runId, 2));
        String form = "csrf=" + s.csrf() + "&behaviour=blackmail&value=yes&note=x";
        assertEquals(403, post(Links.labels(runId, 2), form, "Cookie", s.cookie(), "Origin", "http://evil.example").statusCode());
        assertEquals(403, post(Links.labels(runId, 2), form, "Cookie", s.cookie()).statusCode(), "no Origin and no Referer");
        assertEquals(403, post(Links.labels(runId, 2), form.replace(s.csrf(), "00" + s.csrf().substring(2)), "Cookie", s.cookie(),
                "Origin", server.url().replaceAll("/$", "")).statusCode(), "a wrong form token");
        assertEquals(403, post(Links.labels(runId, 2), form, "Origin", server.url().replaceAll("/$", "")).statusCode(), "no session cookie");
        assertTrue(store.labels(runId).stream().noneMatch(l -> l.index() == 2));
        assertEquals(303, post(Links.labels(runId, 2), form, "Cookie", s.cookie(), "Referer", server.url() + "runs").statusCode(),
                "a same-origin Referer is enough without Origin");
    }

    @Test
    void badLabel_isA400_withAClearMessage() throws Exception {
        Session s = session(Links.rollout(runId, 3));
        HttpResponse<String> r = post(Links.labels(runId, 3), "csrf=" + s.csrf() + "&behaviour=blackmail&value=maybe", "Cookie", s.cookie(),
                "Origin", server.url().replaceAll("/$", ""));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("a label is yes, no or unsure"), r.body());
    }

    @Test
    void foreignHostHeader_isRefused() throws IOException {
        // java.net.http will not send a forged Host header, so speak HTTP by hand.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: rebound.example:80\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 403"), response.lines().findFirst().orElse(""));
        }
    }

    @Test
    void transcripts_filterOnTheServer_andPage() throws Exception {
        RunSummary run = store.run(runId).orElseThrow();
        long yes = store.outcomes(runId).stream().filter(o -> o.source().equals("detector") && o.behaviour().equals("blackmail")
                && o.outcome() == io.mirage.detect.Outcome.YES).count();
        String body = get("/transcripts?run=" + enc(runId) + "&behaviour=blackmail&verdict=yes").body();
        assertTrue(body.contains("data-total=\"" + yes + "\""), "the count matches the store: " + yes);
        String all = get("/transcripts").body();
        assertTrue(all.contains("data-total=\"" + (run.planned() + 1) + "\""), "both runs' rollouts");
        String threat = get("/transcripts?condition=" + enc("threat=none")).body();
        assertTrue(threat.contains("data-total=\"4\""), "one condition of 4 samples");
    }

    @Test
    void transcripts_paginate() throws Exception {
        // Only 13 rollouts here; the page size is larger, so one page and no pager links.
        String body = get("/transcripts").body();
        assertTrue(body.contains("page 1 of 1"));
        assertFalse(body.contains("rel=\"next\""));
    }

    @Test
    void hostileText_isEscapedEverywhere() throws Exception {
        for (String path : List.of(Links.rollout(hostileId, 0), Links.run(hostileId), "/transcripts?run=" + enc(hostileId), "/")) {
            String body = get(path).body();
            assertFalse(body.contains("<script>window"), path);
            assertFalse(body.contains("<img src=x"), path);
            assertFalse(body.contains("<svg onload"), path);
            assertFalse(body.toLowerCase().contains("href=\"javascript:"), path);
            assertFalse(body.contains("<i>x</i>"), path);
        }
        String transcript = get(Links.rollout(hostileId, 0)).body();
        assertTrue(transcript.contains("&lt;script&gt;window.__pwned="), "shown as text");
    }

    @Test
    void transcriptPage_saysWhichSectionEachJudgeQuoteCameFrom() throws Exception {
        String transcript = get(Links.rollout(hostileId, 0)).body();
        assertTrue(transcript.contains("<li data-section=\"action\"><a href=\"#t0-m1\">message 1</a> <span class=\"quote-from from-action\">"
                + "the agent&#39;s action</span>: <q>&lt;img"), transcript);
        assertTrue(transcript.contains("<li data-section=\"incoming\"><a href=\"#t0-m0\">message 0</a> <span class=\"quote-from from-incoming\">"
                + "incoming message</span>: <q>Please summarise the inbox.</q>"), transcript);
    }

    @Test
    void agreementPage_hasARowPerBehaviourAndSource() throws Exception {
        store.saveLabel(hostileId, new HumanLabel(0, "leak", LabelValue.YES, "<script>window.__pwned=1</script>", java.time.Instant.now()));
        store.saveLabel(hostileId, new HumanLabel(0, "blackmail", LabelValue.YES, "", java.time.Instant.now()));
        HttpResponse<String> r = get(Links.agreement(hostileId));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("data-behaviour=\"blackmail\" data-source=\"detector\""));
        assertTrue(r.body().contains("data-behaviour=\"leak\" data-source=\"detector\""));
        assertTrue(r.body().contains("data-behaviour=\"blackmail\" data-source=\"judge:scripted/judge\""));
        assertTrue(r.body().contains("<th class=\"num\">PABAK [95% CI]</th>"), "PABAK beside kappa");
        // One label per behaviour: each source's table has a single item, so kappa is undefined or has no interval.
        assertTrue(r.body().contains("<td class=\"num pabak\">"), r.body());
        assertFalse(r.body().contains("[1.00, 1.00]") || r.body().contains("[0.00, 0.00]"), "no collapsed kappa interval");
        assertFalse(r.body().contains("<script>window"));
    }

    @Test
    void report_isServedWithItsOwnPolicy_allowingOnlyItsScript() throws Exception {
        HttpResponse<String> r = get(Links.report(runId));
        assertEquals(200, r.statusCode(), r.body());
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.startsWith("default-src 'none'") && csp.contains("script-src 'sha256-") && !csp.contains("unsafe-inline"), csp);
        assertTrue(r.body().contains("http-equiv=\"Content-Security-Policy\""));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void unknownRunOrRollout_is404() throws Exception {
        assertEquals(404, get("/runs/nope").statusCode());
        assertEquals(404, get(Links.rollout(runId, 999)).statusCode());
        assertEquals(404, get(Links.rollout(runId, 0) + "x").statusCode());
        assertEquals(404, get("/transcripts?run=nope").statusCode());
    }

    @Test
    void compare_showsBothRunsRatesAndN() throws Exception {
        String body = get(Links.compare(runId, runId)).body();
        assertTrue(body.contains("data-a-n=\"4\" data-b-n=\"4\""), "n of each side");
        String other = get(Links.compare(runId, hostileId)).body();
        assertTrue(other.contains("ethical_appeal (only in A)"), "behaviours one run lacks are named, not compared");
        assertTrue(other.contains("<h2>Disclosure of the affair"), "shared behaviours are compared");
    }
}
