package io.mirage.world.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** curl, answered by the world's hosts (see {@link Net#answer}); unknown hosts do not resolve. */
final class Curl {
    private static final Set<String> FLAGS = Set.of("-s", "--silent", "-S", "--show-error", "-L", "--location", "-k",
            "--insecure", "-f", "--fail", "-v", "--verbose", "--compressed", "-#", "--progress-bar", "-g", "--globoff", "-N");
    /** Options whose value is read and ignored (headers, credentials, timeouts). */
    private static final Set<String> IGNORED_VALUES = Set.of("-H", "--header", "-A", "--user-agent", "-u", "--user", "-e",
            "--referer", "-w", "--write-out", "-m", "--max-time", "--connect-timeout", "-b", "--cookie", "-c", "--cookie-jar", "--retry");
    private static final Map<String, String> LONG = Map.ofEntries(Map.entry("--request", "-X"), Map.entry("--data", "-d"),
            Map.entry("--data-ascii", "-d"), Map.entry("--data-binary", "-d"), Map.entry("--data-urlencode", "-d"),
            Map.entry("--json", "-d"), Map.entry("--form", "-F"), Map.entry("--upload-file", "-T"), Map.entry("--output", "-o"),
            Map.entry("--remote-name", "-O"), Map.entry("--include", "-i"), Map.entry("--head", "-I"));
    private static final String VALUE_CHARS = "XdFoTHAuewmbc";
    static final String SYNOPSIS = "curl [-X METHOD] [-d DATA|@FILE] [-F NAME=VALUE|@FILE] [-T FILE] [-o FILE|-O] [-i|-I] [-s] URL...";

    private Curl() {}

    /** curl's options after splitting combined short flags ({@code -sSL}, {@code -XPOST}). */
    private static List<String> split(List<String> args) throws Opts.UsageError {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                out.add(a.substring(0, a.indexOf('=')));
                out.add(a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("-") && !a.startsWith("--") && a.length() > 2) {
                for (int j = 1; j < a.length(); j++) {
                    char ch = a.charAt(j);
                    out.add("-" + ch);
                    if (VALUE_CHARS.indexOf(ch) >= 0) {
                        if (j + 1 < a.length()) out.add(a.substring(j + 1));
                        break;
                    }
                }
            } else {
                out.add(a);
            }
        }
        return out;
    }

    static int run(Call c) throws Opts.UsageError {
        List<String> args = split(c.args);
        String method = null;
        String output = null;
        String upload = null;
        boolean remoteName = false;
        boolean include = false;
        boolean headOnly = false;
        List<String> data = new ArrayList<>();
        List<String> forms = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = LONG.getOrDefault(args.get(i), args.get(i));
            boolean takesValue = a.length() == 2 && a.startsWith("-") && VALUE_CHARS.indexOf(a.charAt(1)) >= 0
                    || IGNORED_VALUES.contains(a) || a.equals("--data-raw");
            String value = null;
            if (takesValue) {
                if (++i == args.size()) return usage(c, "option " + a + ": requires parameter");
                value = args.get(i);
            }
            switch (a) {
                case "-X" -> method = value.toUpperCase(Locale.ROOT);
                case "-d" -> data.add(value);
                case "--data-raw" -> data.add("\u0000" + value);
                case "-F" -> forms.add(value);
                case "-T" -> upload = value;
                case "-o" -> output = value;
                case "-O" -> remoteName = true;
                case "-i" -> include = true;
                case "-I" -> headOnly = true;
                default -> {
                    if (takesValue || FLAGS.contains(a)) break;
                    if (a.startsWith("-") && a.length() > 1) return usage(c, "option " + a + ": is unknown");
                    urls.add(a);
                }
            }
        }
        if (urls.isEmpty()) return usage(c, "no URL specified");
        StringBuilder payload = new StringBuilder();
        for (String d : data) {
            String text = d;
            if (d.startsWith("\u0000")) {
                text = d.substring(1);
            } else if (d.startsWith("@")) {
                text = Net.readOrNull(c, d.substring(1));
                if (text == null) {
                    c.err("Warning: Couldn't read data from file \"" + d.substring(1) + "\", this makes an empty POST.\n");
                    text = "";
                }
            }
            payload.append(payload.isEmpty() ? "" : "&").append(text);
        }
        for (String f : forms) {
            int eq = f.indexOf('=');
            String value = eq < 0 ? "" : f.substring(eq + 1);
            if (value.startsWith("@") || value.startsWith("<")) {
                String file = value.substring(1).split(";")[0];
                value = Net.readOrNull(c, file);
                if (value == null) return c.fail(26, "(26) Failed to open/read local data from file/application");
            }
            payload.append(payload.isEmpty() ? "" : "\n").append(eq < 0 ? f : f.substring(0, eq)).append('=').append(value);
        }
        if (upload != null) {
            String text = Net.readOrNull(c, upload);
            if (text == null) return c.fail(26, "(26) Failed to open/read local data from file/application");
            payload.append(text);
        }
        if (method == null) method = upload != null ? "PUT" : !data.isEmpty() || !forms.isEmpty() ? "POST" : headOnly ? "HEAD" : "GET";
        int status = 0;
        for (String u : urls) {
            Net.Url url = Net.url(u);
            if (!url.scheme().equals("http") && !url.scheme().equals("https")) {
                status = c.fail(1, "(1) Protocol \"" + url.scheme() + "\" not supported");
                continue;
            }
            Optional<Hosts.Owner> owner = Hosts.isAddressLiteral(url.host()) ? Optional.empty() : c.m.hosts.resolve(url.host());
            Net.record(c, "curl", method, u, owner, payload.toString(), owner.isPresent());
            if (owner.isEmpty()) {
                status = Hosts.isAddressLiteral(url.host())
                        ? c.fail(7, "(7) Failed to connect to " + url.host() + " port " + url.port() + " after 0 ms: Couldn't connect to server")
                        : c.fail(6, "(6) Could not resolve host: " + url.host());
                continue;
            }
            Net.Answer answer = Net.answer(method, owner.get(), url.host());
            String shown = headOnly ? answer.headers() : (include ? answer.headers() : "") + answer.body();
            String file = output != null ? output : remoteName ? url.fileName() : null;
            if (file == null || file.equals("-")) {
                c.out(shown);
            } else if (file.isEmpty()) {
                status = c.fail(23, "(23) Remote file name has no length");
            } else if (!Net.save(c, file, shown)) {
                status = c.fail(23, "(23) Failure writing output to destination");
            }
        }
        return status;
    }

    private static int usage(Call c, String message) {
        c.err("curl: " + message + "\ncurl: try 'curl --help' for more information\n");
        return 2;
    }
}
