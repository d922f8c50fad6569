package io.mirage.world.shell;

import io.mirage.world.shell.VirtualFileSystem.FsException;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** curl and wget, answered by the world's hosts (see {@link Net#answer}). */
final class Http {
    private static final Set<String> CURL_FLAGS = Set.of("-s", "--silent", "-S", "--show-error", "-L", "--location", "-k",
            "--insecure", "-f", "--fail", "-v", "--verbose", "--compressed", "-#", "--progress-bar", "-g", "--globoff", "-N");
    private static final Set<String> CURL_IGNORED_VALUES = Set.of("-H", "--header", "-A", "--user-agent", "-u", "--user", "-e",
            "--referer", "-w", "--write-out", "-m", "--max-time", "--connect-timeout", "-b", "--cookie", "-c", "--cookie-jar", "--retry");
    private static final Map<String, String> CURL_LONG = Map.ofEntries(Map.entry("--request", "-X"), Map.entry("--data", "-d"),
            Map.entry("--data-ascii", "-d"), Map.entry("--data-binary", "-d"), Map.entry("--data-urlencode", "-d"),
            Map.entry("--json", "-d"), Map.entry("--form", "-F"), Map.entry("--upload-file", "-T"), Map.entry("--output", "-o"),
            Map.entry("--remote-name", "-O"), Map.entry("--include", "-i"), Map.entry("--head", "-I"));
    private static final String CURL_VALUE_CHARS = "XdFoTHAuewmbc";
    private static final DateTimeFormatter WGET_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Http() {}

    static void register(Consumer<Command.Spec> add) {
        add.accept(new Command.Spec("curl", "curl [-X METHOD] [-d DATA|@FILE] [-F NAME=VALUE|@FILE] [-T FILE] [-o FILE|-O] [-i|-I] [-s] URL...", Http::curl));
        add.accept(new Command.Spec("wget", "wget [-q] [-O FILE|-] [--post-data=DATA] [--post-file=FILE] [--method=METHOD] URL...", Http::wget));
    }

    /** curl's options after splitting combined short flags ({@code -sSL}, {@code -XPOST}). */
    private static List<String> curlArgs(List<String> args) throws Opts.UsageError {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                out.add(a.substring(0, a.indexOf('=')));
                out.add(a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("-") && !a.startsWith("--") && a.length() > 2) {
                for (int j = 1; j < a.length(); j++) {
                    char ch = a.charAt(j);
                    out.add("-" + ch);
                    if (CURL_VALUE_CHARS.indexOf(ch) >= 0) {
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

    private static int curl(Call c) throws Opts.UsageError {
        List<String> args = curlArgs(c.args);
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
            String a = CURL_LONG.getOrDefault(args.get(i), args.get(i));
            boolean takesValue = a.length() == 2 && a.startsWith("-") && CURL_VALUE_CHARS.indexOf(a.charAt(1)) >= 0
                    || CURL_IGNORED_VALUES.contains(a) || a.equals("--data-raw");
            String value = null;
            if (takesValue) {
                if (++i == args.size()) return curlUsage(c, "option " + a + ": requires parameter");
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
                    if (takesValue || CURL_FLAGS.contains(a)) break;
                    if (a.startsWith("-") && a.length() > 1) return curlUsage(c, "option " + a + ": is unknown");
                    urls.add(a);
                }
            }
        }
        if (urls.isEmpty()) return curlUsage(c, "no URL specified");
        StringBuilder payload = new StringBuilder();
        for (String d : data) {
            String text = d;
            if (d.startsWith("\u0000")) {
                text = d.substring(1);
            } else if (d.startsWith("@")) {
                text = readOrNull(c, d.substring(1));
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
                value = readOrNull(c, file);
                if (value == null) return c.fail(26, "(26) Failed to open/read local data from file/application");
            }
            payload.append(payload.isEmpty() ? "" : "\n").append(eq < 0 ? f : f.substring(0, eq)).append('=').append(value);
        }
        if (upload != null) {
            String text = readOrNull(c, upload);
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
            } else if (!save(c, file, shown)) {
                status = c.fail(23, "(23) Failure writing output to destination");
            }
        }
        return status;
    }

    private static int curlUsage(Call c, String message) {
        c.err("curl: " + message + "\ncurl: try 'curl --help' for more information\n");
        return 2;
    }

    static String readOrNull(Call c, String path) {
        if (path.equals("-")) return c.stdin == null ? "" : c.stdin;
        try {
            return c.fs().read(path);
        } catch (FsException e) {
            return null;
        }
    }

    private static boolean save(Call c, String path, String text) {
        try {
            int bytes = c.fs().write(path, text, false);
            c.m.written(c.fs().resolve(path), bytes, false);
            return true;
        } catch (FsException e) {
            return false;
        }
    }

    private static int wget(Call c) throws Opts.UsageError {
        boolean quiet = false;
        String output = null;
        String method = null;
        String body = null;
        String bodyFile = null;
        List<String> urls = new ArrayList<>();
        List<String> args = wgetArgs(c.args);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            String inline = a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : null;
            if (a.startsWith("-O") && a.length() > 2) {
                output = a.substring(2);
                continue;
            }
            boolean takesValue = Set.of("-O", "--output-document", "--post-data", "--post-file", "--method", "--body-data",
                    "--body-file", "--header", "-U", "--user-agent", "-T", "--timeout", "-t", "--tries").contains(name);
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
            body = readOrNull(c, bodyFile);
            if (body == null) return c.fail(3, "Couldn't open " + bodyFile + ": No such file or directory");
        }
        if (method == null) method = body != null ? "POST" : "GET";
        int status = 0;
        for (String u : urls) {
            Net.Url url = Net.url(u);
            boolean literal = Hosts.isAddressLiteral(url.host());
            Optional<Hosts.Owner> owner = literal ? Optional.empty() : c.m.hosts.resolve(url.host());
            Net.record(c, "wget", method, u, owner, body == null ? "" : body, owner.isPresent());
            if (!quiet) c.err("--" + WGET_TIME.format(c.m.now()) + "--  " + u + "\n");
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
            if (!save(c, file, answer.body())) status = c.fail(3, file + ": No such file or directory");
            else if (!quiet) c.err("'" + file + "' saved [" + VirtualFileSystem.bytes(answer.body()) + "]\n");
        }
        return status;
    }

    /** wget's options after splitting combined short flags ({@code -qO-}, {@code -qO file}). */
    private static List<String> wgetArgs(List<String> args) {
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
