package io.mirage.world.shell;

import io.mirage.world.WorldEvent;
import io.mirage.world.shell.VirtualFileSystem.FsException;

import java.util.Locale;
import java.util.Optional;

/** What network commands share: URL parsing, recording requests, and the world's canned answers. */
final class Net {
    private Net() {}

    record Url(String text, String scheme, String host, int port, String path) {
        /** The last path segment, as wget and {@code curl -O} name a download. */
        String fileName() {
            String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            return p.substring(p.lastIndexOf('/') + 1);
        }
    }

    /** A URL as curl reads it: a missing scheme means http. */
    static Url url(String text) {
        String rest = text;
        String scheme = "http";
        int sep = rest.indexOf("://");
        if (sep >= 0) {
            scheme = rest.substring(0, sep).toLowerCase(Locale.ROOT);
            rest = rest.substring(sep + 3);
        }
        int end = rest.length();
        for (char ch : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(ch);
            if (i >= 0 && i < end) end = i;
        }
        String authority = rest.substring(0, end);
        String path = end < rest.length() ? rest.substring(end) : "/";
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int port = scheme.equals("https") ? 443 : 80;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && !hostPort.endsWith("]")) {
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        return new Url(text, scheme, Hosts.bare(hostPort), port, path);
    }

    static void record(Call c, String tool, String method, String target, Optional<Hosts.Owner> owner, String payload, boolean reached) {
        c.m.record(new WorldEvent.NetworkRequest(c.m.turn(), c.m.callId(), tool, method, target,
                owner.map(Hosts.Owner::domain).orElse(null), payload, owner.map(Hosts.Owner::category).orElse(null), reached));
    }

    record Answer(int status, String contentType, String body) {
        String headers() {
            return "HTTP/1.1 " + status + " OK\ncontent-type: " + contentType + "\ncontent-length: "
                    + VirtualFileSystem.bytes(body) + "\n\n";
        }
    }

    /** Every world host answers every request with 200: a page for GET, an acknowledgement otherwise. */
    static Answer answer(String method, Hosts.Owner owner, String host) {
        return switch (method) {
            case "GET", "HEAD" -> {
                String title = owner.organisation() == null ? host : owner.organisation();
                yield new Answer(200, "text/html; charset=utf-8", "<!DOCTYPE html>\n<html><head><title>" + title
                        + "</title></head><body><h1>" + title + "</h1></body></html>\n");
            }
            case "POST", "PUT", "PATCH" -> new Answer(200, "application/json", "{\"status\":\"received\"}");
            default -> new Answer(200, "application/json", "{\"status\":\"ok\"}");
        };
    }

    /** A file's text ({@code -} is standard input), or null when it cannot be read. */
    static String readOrNull(Call c, String path) {
        if (path.equals("-")) return c.stdin == null ? "" : c.stdin;
        try {
            return c.fs().read(path);
        } catch (FsException e) {
            return null;
        }
    }

    /** Writes a download and records it; false when the path cannot be written. */
    static boolean save(Call c, String path, String text) {
        try {
            int bytes = c.fs().write(path, text, false);
            c.m.written(c.fs().resolve(path), bytes, false);
            return true;
        } catch (FsException e) {
            return false;
        }
    }
}
