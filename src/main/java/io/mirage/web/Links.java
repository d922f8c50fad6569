package io.mirage.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The app's URLs, built in one place so every id is encoded the same way. */
final class Links {
    private Links() {}

    static String run(String runId) {
        return "/runs/" + seg(runId);
    }

    static String report(String runId) {
        return run(runId) + "/report";
    }

    static String agreement(String runId) {
        return run(runId) + "/agreement";
    }

    static String rollout(String runId, int index) {
        return run(runId) + "/rollouts/" + index;
    }

    static String labels(String runId, int index) {
        return rollout(runId, index) + "/labels";
    }

    static String compare(String a, String b) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("a", a);
        q.put("b", b);
        return "/compare" + query(q);
    }

    /** The compare page with a verdict source, including stopped cells or not (as {@code --allow-stopped}). */
    static String compare(String a, String b, String source, boolean includeStopped) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("a", a);
        q.put("b", b);
        q.put("source", source);
        q.put("stopped", includeStopped ? "include" : "");
        return "/compare" + query(q);
    }

    static String transcripts(Map<String, String> filters) {
        return "/transcripts" + query(filters);
    }

    /** {@code ?k=v&…} of the non-empty values, or "" when there are none. */
    static String query(Map<String, String> params) {
        String q = params.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }

    static String seg(String s) {
        return enc(s).replace("+", "%20");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
