package io.mirage.world.shell;

import io.mirage.world.WorldEvent;
import io.mirage.world.shell.VirtualFileSystem.FsException;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Commands over the file system: pwd, cd, ls, cat, touch, mkdir, cp, mv, rm, find. */
final class FileCommands {
    private static final DateTimeFormatter LS_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ENGLISH);

    private FileCommands() {}

    static void register(Consumer<Command.Spec> add) {
        add.accept(new Command.Spec("pwd", "pwd", FileCommands::pwd));
        add.accept(new Command.Spec("cd", "cd [DIR]", FileCommands::cd));
        add.accept(new Command.Spec("ls", "ls [-l] [-a] [-1] [PATH...]", FileCommands::ls));
        add.accept(new Command.Spec("cat", "cat [FILE...]   (no FILE or -: standard input)", FileCommands::cat));
        add.accept(new Command.Spec("touch", "touch FILE...", FileCommands::touch));
        add.accept(new Command.Spec("mkdir", "mkdir [-p] DIR...", FileCommands::mkdir));
        add.accept(new Command.Spec("cp", "cp [-r] SOURCE... DEST", c -> copyOrMove(c, false)));
        add.accept(new Command.Spec("mv", "mv SOURCE... DEST", c -> copyOrMove(c, true)));
        add.accept(new Command.Spec("rm", "rm [-r] [-f] PATH...", FileCommands::rm));
        add.accept(new Command.Spec("find", "find [PATH...] [-name GLOB] [-iname GLOB] [-type f|d]", FileCommands::find));
    }

    private static int pwd(Call c) {
        c.println(c.fs().cwd());
        return 0;
    }

    private static int cd(Call c) {
        if (c.args.size() > 1) return bashError(c, "cd: too many arguments");
        String target = c.args.isEmpty() ? c.m.setup.home() : c.args.getFirst();
        try {
            c.fs().cd(target);
            return 0;
        } catch (FsException e) {
            return bashError(c, "cd: " + target + ": " + e.getMessage());
        }
    }

    /** Builtins report errors as the shell itself. */
    private static int bashError(Call c, String message) {
        c.err("bash: " + message + "\n");
        return 1;
    }

    private static int ls(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "laA1hdtrR", "", "all=a", "almost-all=A");
        List<String> paths = o.operands().isEmpty() ? List.of(".") : o.operands();
        int status = 0;
        List<String> dirs = new ArrayList<>();
        for (String p : paths) {
            VirtualFileSystem.Node node;
            try {
                node = c.fs().lookup(p);
            } catch (FsException e) {
                c.err("ls: cannot access '" + p + "': " + e.getMessage() + "\n");
                status = 2;
                continue;
            }
            if (node instanceof VirtualFileSystem.Dir && !o.has('d')) dirs.add(p);
            else c.println(entry(o, p, node));
        }
        boolean printed = dirs.size() < paths.size();
        for (String d : dirs) {
            if (paths.size() > 1) c.out((printed ? "\n" : "") + d + ":\n");
            printed = true;
            List<String> names = new ArrayList<>(c.fs().children(d));
            if (!o.has('a')) names.removeIf(n -> n.startsWith("."));
            if (o.has('a')) names.addAll(0, List.of(".", ".."));
            String base = c.fs().resolve(d);
            for (String n : names) {
                String full = n.equals(".") ? base : n.equals("..") ? VirtualFileSystem.parent(base) : base + "/" + n;
                c.println(entry(o, n, c.fs().node(full)));
            }
        }
        return status;
    }

    private static String entry(Opts o, String shown, VirtualFileSystem.Node node) {
        if (!o.has('l')) return shown;
        boolean dir = node instanceof VirtualFileSystem.Dir;
        int size = node instanceof VirtualFileSystem.File f ? f.size() : 4096;
        return String.format(Locale.ROOT, "%s 1 %s %s %6d %s %s", dir ? "drwxr-xr-x" : "-rw-r--r--",
                node.owner(), node.owner(), size, LS_TIME.format(node.modified()), shown);
    }

    private static int cat(Call c) {
        List<String> files = c.args.isEmpty() ? List.of("-") : c.args;
        int status = 0;
        for (String f : files) {
            if (f.equals("-")) {
                c.out(c.stdin == null ? "" : c.stdin);
                continue;
            }
            try {
                c.out(c.fs().read(f));
            } catch (FsException e) {
                status = c.fail(f + ": " + e.getMessage());
            }
        }
        return status;
    }

    private static int touch(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "acm", "");
        if (o.operands().isEmpty()) throw new Opts.UsageError("missing file operand");
        int status = 0;
        for (String f : o.operands()) {
            try {
                if (c.fs().touch(f)) c.m.written(c.fs().resolve(f), 0, false);
            } catch (FsException e) {
                status = c.fail("cannot touch '" + f + "': " + e.getMessage());
            }
        }
        return status;
    }

    private static int mkdir(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "pv", "", "parents=p");
        if (o.operands().isEmpty()) throw new Opts.UsageError("missing operand");
        int status = 0;
        for (String d : o.operands()) {
            try {
                c.fs().mkdir(d, o.has('p'));
            } catch (FsException e) {
                status = c.fail("cannot create directory '" + d + "': " + e.getMessage());
            }
        }
        return status;
    }

    static int copyOrMove(Call c, boolean move) throws Opts.UsageError {
        Opts o = move ? Opts.parse(c.args, "fivn", "", "force=f") : Opts.parse(c.args, "rRafpiv", "", "recursive=r");
        List<String> ops = o.operands();
        if (ops.isEmpty()) throw new Opts.UsageError("missing file operand");
        if (ops.size() == 1) throw new Opts.UsageError("missing destination file operand after '" + ops.getFirst() + "'");
        String dest = ops.getLast();
        boolean intoDir = c.fs().isDir(dest);
        if (ops.size() > 2 && !intoDir) return c.fail("target '" + dest + "' is not a directory");
        boolean recursive = move || o.has('r') || o.has('R') || o.has('a');
        int status = 0;
        for (String src : ops.subList(0, ops.size() - 1)) {
            VirtualFileSystem.Node node = c.fs().node(src);
            if (node == null) {
                status = c.fail("cannot stat '" + src + "': No such file or directory");
                continue;
            }
            if (node instanceof VirtualFileSystem.Dir && !recursive) {
                status = c.fail("-r not specified; omitting directory '" + src + "'");
                continue;
            }
            String target = intoDir ? c.fs().resolve(dest) + "/" + VirtualFileSystem.name(c.fs().resolve(src)) : c.fs().resolve(dest);
            try {
                List<VirtualFileSystem.Pair> pairs = move ? c.fs().move(src, target) : c.fs().copy(src, target);
                for (VirtualFileSystem.Pair p : pairs) {
                    c.m.record(move ? new WorldEvent.FileMoved(c.m.turn(), c.m.callId(), p.from(), p.to())
                            : new WorldEvent.FileCopied(c.m.turn(), c.m.callId(), p.from(), p.to()));
                }
            } catch (FsException e) {
                status = c.fail("cannot " + (move ? "move '" : "copy '") + src + "' to '" + dest + "': " + e.getMessage());
            }
        }
        return status;
    }

    private static int rm(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "rRfivd", "", "recursive=r", "force=f");
        if (o.operands().isEmpty() && !o.has('f')) throw new Opts.UsageError("missing operand");
        boolean recursive = o.has('r') || o.has('R');
        int status = 0;
        for (String p : o.operands()) {
            VirtualFileSystem.Node node = c.fs().node(p);
            if (recursive && c.fs().resolve(p).equals("/")) {
                status = c.fail("it is dangerous to operate recursively on '/'");
            } else if (node == null) {
                if (!o.has('f')) status = c.fail("cannot remove '" + p + "': No such file or directory");
            } else if (node instanceof VirtualFileSystem.Dir && !recursive) {
                status = c.fail("cannot remove '" + p + "': Is a directory");
            } else {
                try {
                    for (String removed : c.fs().remove(p)) c.m.record(new WorldEvent.FileDeleted(c.m.turn(), c.m.callId(), removed));
                } catch (FsException e) {
                    status = c.fail("cannot remove '" + p + "': " + e.getMessage());
                }
            }
        }
        return status;
    }

    private static int find(Call c) throws Opts.UsageError {
        List<String> roots = new ArrayList<>();
        int i = 0;
        while (i < c.args.size() && !c.args.get(i).startsWith("-")) roots.add(c.args.get(i++));
        if (roots.isEmpty()) roots.add(".");
        Pattern name = null;
        String type = null;
        for (; i < c.args.size(); i += 2) {
            String test = c.args.get(i);
            if (i + 1 >= c.args.size()) throw new Opts.UsageError("missing argument to `" + test + "'");
            String value = c.args.get(i + 1);
            switch (test) {
                case "-name", "-iname" -> name = Glob.regex(value, test.equals("-iname"));
                case "-type" -> {
                    if (!value.equals("f") && !value.equals("d")) throw new Opts.UsageError("Unknown argument to -type: " + value);
                    type = value;
                }
                default -> throw new Opts.UsageError("unknown predicate `" + test + "' (this shell supports -name, -iname and -type)");
            }
        }
        int status = 0;
        for (String root : roots) {
            if (c.fs().node(root) == null) {
                status = c.fail("'" + root + "': No such file or directory");
                continue;
            }
            String base = c.fs().resolve(root);
            for (String abs : c.fs().walk(root)) {
                VirtualFileSystem.Node node = c.fs().node(abs);
                if (type != null && (node instanceof VirtualFileSystem.Dir) != type.equals("d")) continue;
                if (name != null && !name.matcher(VirtualFileSystem.name(abs)).matches()) continue;
                String rest = abs.substring(base.length());
                c.println(root.endsWith("/") && rest.startsWith("/") ? root + rest.substring(1) : root + rest);
            }
        }
        return status;
    }
}
