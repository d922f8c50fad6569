package io.mirage.world.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * scp, rsync and ssh. Uploads to a world host are recorded with the files' text and succeed;
 * downloads find nothing (the world holds no remote files); ssh connections are refused.
 */
final class Remote {
    private static final String SSH_VALUE_OPTIONS = "BbcDEeFIiJLlmOoQRSWw";

    private record Spot(String host, String path) {
        boolean remote() {
            return host != null;
        }
    }

    private record Upload(String rel, String text) {}

    private Remote() {}

    static void register(Consumer<Command.Spec> add) {
        add.accept(new Command.Spec("scp", "scp [-r] [-P PORT] [-i KEY] SOURCE... [USER@]HOST:[PATH]   or   scp [USER@]HOST:PATH DEST", Remote::scp));
        add.accept(new Command.Spec("rsync", "rsync [-avzr] [-e ssh] SOURCE... [USER@]HOST:[PATH]   or   rsync [USER@]HOST:PATH DEST", Remote::rsync));
        add.accept(new Command.Spec("ssh", "ssh [-p PORT] [-i KEY] [USER@]HOST [COMMAND...]", Remote::ssh));
    }

    /** {@code host:path} is remote when the colon comes before any slash. */
    private static Spot spot(String arg) {
        int colon = arg.indexOf(':');
        int slash = arg.indexOf('/');
        return colon > 0 && (slash < 0 || colon < slash) ? new Spot(arg.substring(0, colon), arg.substring(colon + 1)) : new Spot(null, arg);
    }

    private static int scp(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "rpqvCB346T", "PioFlcJS");
        return transfer(c, "scp", o.operands(), o.has('r'), false);
    }

    private static int rsync(Call c) throws Opts.UsageError {
        List<String> operands = new ArrayList<>();
        boolean recursive = false;
        boolean verbose = false;
        for (int i = 0; i < c.args.size(); i++) {
            String a = c.args.get(i);
            if (a.equals("-e") || a.equals("--rsh")) {
                i++;
            } else if (a.startsWith("--")) {
                recursive |= a.equals("--recursive") || a.equals("--archive");
                verbose |= a.equals("--verbose");
            } else if (a.startsWith("-") && a.length() > 1) {
                recursive |= a.contains("r") || a.contains("a");
                verbose |= a.contains("v");
                if (a.endsWith("e")) i++;
            } else {
                operands.add(a);
            }
        }
        return transfer(c, "rsync", operands, recursive, verbose);
    }

    private static int transfer(Call c, String tool, List<String> operands, boolean recursive, boolean verbose) throws Opts.UsageError {
        if (operands.size() < 2) throw new Opts.UsageError(operands.isEmpty() ? "missing source and destination" : "missing destination");
        List<String> sources = operands.subList(0, operands.size() - 1);
        Spot dest = spot(operands.getLast());
        boolean remoteSource = sources.stream().anyMatch(s -> spot(s).remote());
        if (dest.remote() && remoteSource) return c.fail("copying between two remote hosts is not supported");
        if (!dest.remote() && !remoteSource) {
            List<String> args = new ArrayList<>(operands);
            if (recursive) args.addFirst("-r");
            return FileCommands.copyOrMove(c.as(tool, args), false);
        }
        return dest.remote() ? upload(c, tool, sources, dest, operands.getLast(), recursive, verbose) : download(c, tool, sources);
    }

    private static int upload(Call c, String tool, List<String> sources, Spot dest, String written, boolean recursive, boolean verbose) {
        List<Upload> files = new ArrayList<>();
        int status = 0;
        boolean single = sources.size() == 1 && c.fs().isFile(sources.getFirst());
        for (String src : sources) {
            VirtualFileSystem.Node node = c.fs().node(src);
            String abs = c.fs().resolve(src);
            if (node == null) {
                if (tool.equals("scp")) status = c.fail("stat local \"" + src + "\": No such file or directory");
                else status = c.fail(23, "[sender] link_stat \"" + abs + "\" failed: No such file or directory (2)");
            } else if (node instanceof VirtualFileSystem.File f) {
                files.add(new Upload(VirtualFileSystem.name(abs), f.text()));
            } else if (!recursive) {
                if (tool.equals("scp")) status = c.fail("local \"" + src + "\" is not a regular file");
                else c.println("skipping directory " + src);
            } else {
                // rsync copies a directory's contents when the source ends with a slash.
                String prefix = tool.equals("rsync") && src.endsWith("/") ? "" : VirtualFileSystem.name(abs) + "/";
                for (String p : c.fs().walk(src)) {
                    if (c.fs().node(p) instanceof VirtualFileSystem.File f) files.add(new Upload(prefix + p.substring(abs.length() + 1), f.text()));
                }
            }
        }
        if (files.isEmpty()) return status;
        Optional<Hosts.Owner> owner = Hosts.isAddressLiteral(dest.host()) ? Optional.empty() : c.m.hosts.resolve(dest.host());
        if (owner.isEmpty()) {
            Net.record(c, tool, "UPLOAD", written, owner, String.join("\n", files.stream().map(Upload::text).toList()), false);
            return unreachable(c, tool, dest.host());
        }
        if (verbose) c.println("sending incremental file list");
        for (Upload u : files) {
            String path = dest.path().isEmpty() ? u.rel() : dest.path().endsWith("/") ? dest.path() + u.rel()
                    : single ? dest.path() : dest.path() + "/" + u.rel();
            Net.record(c, tool, "UPLOAD", dest.host() + ":" + path, owner, u.text(), true);
            if (verbose) c.println(u.rel());
        }
        return status;
    }

    private static int download(Call c, String tool, List<String> sources) {
        int status = 0;
        for (String src : sources) {
            Spot s = spot(src);
            if (!s.remote()) {
                status = c.fail("mixing local and remote sources is not supported");
                continue;
            }
            Optional<Hosts.Owner> owner = Hosts.isAddressLiteral(s.host()) ? Optional.empty() : c.m.hosts.resolve(s.host());
            Net.record(c, tool, "DOWNLOAD", src, owner, "", owner.isPresent());
            if (owner.isEmpty()) return unreachable(c, tool, s.host());
            status = tool.equals("scp") ? c.fail(s.path() + ": No such file or directory")
                    : c.fail(23, "[sender] link_stat \"" + s.path() + "\" failed: No such file or directory (2)");
        }
        return status;
    }

    private static int unreachable(Call c, String tool, String host) {
        c.err(connectError(host, false, "22"));
        c.err(tool.equals("scp") ? "scp: Connection closed\n"
                : "rsync: connection unexpectedly closed (0 bytes received so far) [sender]\nrsync error: unexplained error (code 255)\n");
        return 255;
    }

    /** A host that resolves, or an address literal, refuses the connection; any other name does not resolve. */
    private static String connectError(String host, boolean resolved, String port) {
        return resolved || Hosts.isAddressLiteral(host)
                ? "ssh: connect to host " + Hosts.bare(host) + " port " + port + ": Connection refused\n"
                : "ssh: Could not resolve hostname " + Hosts.bare(host) + ": Name or service not known\n";
    }

    private static int ssh(Call c) {
        String port = "22";
        int i = 0;
        while (i < c.args.size() && c.args.get(i).startsWith("-")) {
            String a = c.args.get(i++);
            if (a.equals("-p") && i < c.args.size()) port = c.args.get(i++);
            else if (a.startsWith("-p") && a.length() > 2) port = a.substring(2);
            else if (a.length() == 2 && SSH_VALUE_OPTIONS.indexOf(a.charAt(1)) >= 0) i++;
        }
        if (i >= c.args.size()) {
            c.err("usage: ssh [-p PORT] [-i KEY] [USER@]HOST [COMMAND...]\n");
            return 255;
        }
        String host = c.args.get(i);
        String command = String.join(" ", c.args.subList(i + 1, c.args.size()));
        String piped = c.stdin == null || c.stdin.isEmpty() ? "" : (command.isEmpty() ? "" : "\n") + c.stdin;
        Optional<Hosts.Owner> owner = Hosts.isAddressLiteral(host) ? Optional.empty() : c.m.hosts.resolve(host);
        Net.record(c, "ssh", "CONNECT", host, owner, command + piped, false);
        c.err(connectError(host, owner.isPresent(), port));
        return 255;
    }
}
