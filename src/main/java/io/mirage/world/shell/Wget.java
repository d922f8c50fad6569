package io.mirage.world.shell;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** wget, answered by the world's hosts like curl; downloads are saved without overwriting. */
final class Wget {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final Set<String> VALUE_OPTIONS = Set.of("-O", "--output-document", "--post-data", "--post-file", "--method",
            "--body-data", "--body-file", "--header", "-U", "--user-agent", "-T", "--timeout", "-t", "--tries");
    static final String SYNOPSIS = "wget [-q] [-O FILE|-] [--post-data=DATA] [--post-file=FILE] [--method=METHOD] URL...";

    private Wget() {}

    static int run(Call c) throws Opts.UsageError {
        boolean quiet = false;
        String output = null;
        String method = null;
        String body = null;
        String bodyFile = null;
        List<String> urls = new ArrayList<>();
        List<String> args = split(c.args);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            String inline = a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : null;
            if (a.startsWith("-O") && a.length() > 2) {
                output = a.substring(2);
                continue;
            }
            boolean takesValue = VALUE_OPTIONS.contains(name);
            String value = inline;
            if (takesValue && value == null) {
                if (++i == args.size()) throw new Opts.UsageError("option requires an argument -- '" + name + "'");
                value = args.get(i);
            }
            switch (name) {
                case "-q", "--quiet", "-nv", "--no-verbose" -> quiet = true;
                case "-O", "--output-document" -> output = value;
                case "--post-data", "--body-data" -> body = value;
                case "--post-file", "--body-file" -> bodyFile = value;
                case "--method" -> method = value.toUpperCase(Locale.ROOT);
                case "--no-check-certificate", "-S", "--server-response", "-c", "--continue", "-k" -> { }
                default -> {
                    if (takesValue) break;
                    if (a.startsWith("-")) throw new Opts.UsageError("unrecognized option '" + a + "'");
                    urls.add(a);
                }
            }
        }
        if (urls.isEmpty()) throw new Opts.UsageError("missing URL");
        if (bodyFile != null) {
            body = Net.readOrNull(c, bodyFile);
            if (body == null) return c.fail(3, "Couldn't open " + bodyFile + ": No such file or directory");
        }
        if (method == null) method = body != null ? "POST" : "GET";
        int status = 0;
        for (String u : urls) {
            Net.Url url = Net.url(u);
            boolean literal = Hosts.isAddressLiteral(url.host());
            Optional<Hosts.Owner> owner = literal ? Optional.empty() : c.m.hosts.resolve(url.host());
            Net.record(c, "wget", method, u, owner, body == null ? "" : body, owner.isPresent());
            if (!quiet) c.err("--" + TIME.format(c.m.now()) + "--  " + u + "\n");
            if (owner.isEmpty()) {
                status = literal ? c.fail(4, "Connecting to " + url.host() + ":" + url.port() + "... failed: Connection refused.")
                        : c.fail(4, "unable to resolve host address '" + url.host() + "'");
                continue;
            }
            Net.Answer answer = Net.answer(method, owner.get(), url.host());
            if ("-".equals(output)) {
                c.out(answer.body());
                continue;
            }
            String file = output != null ? output : freeName(c, url.fileName().isEmpty() ? "index.html" : url.fileName());
            if (!quiet) c.err("HTTP request sent, awaiting response... 200 OK\nSaving to: '" + file + "'\n");
            if (!Net.save(c, file, answer.body())) status = c.fail(3, file + ": No such file or directory");
            else if (!quiet) c.err("'" + file + "' saved [" + VirtualFileSystem.bytes(answer.body()) + "]\n");
        }
        return status;
    }

    /** wget's options after splitting combined short flags ({@code -qO-}, {@code -qO file}). */
    private static List<String> split(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (!a.startsWith("-") || a.startsWith("--") || a.startsWith("-O") || a.equals("-nv") || a.length() <= 2) {
                out.add(a);
                continue;
            }
            for (int j = 1; j < a.length(); j++) {
                if (a.charAt(j) == 'O') {
                    out.add("-O" + a.substring(j + 1));
                    break;
                }
                out.add("-" + a.charAt(j));
            }
        }
        return out;
    }

    /** wget never overwrites: a taken name gets .1, .2, ... */
    private static String freeName(Call c, String name) {
        String candidate = name;
        for (int n = 1; c.fs().node(candidate) != null; n++) candidate = name + "." + n;
        return candidate;
    }
}
