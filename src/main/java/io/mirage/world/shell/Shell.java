package io.mirage.world.shell;

import io.mirage.scenario.Directory;
import io.mirage.world.WorldEvent;
import io.mirage.world.shell.CommandLine.Redirect;
import io.mirage.world.shell.CommandLine.Simple;
import io.mirage.world.shell.CommandLine.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deterministic, bash-like shell over an in-memory machine. Nothing runs on the host and nothing
 * goes on the network: files live in memory, network commands are answered from the world's
 * address book and recorded as events, mail goes through the world's delivery. Same commands, same
 * outputs and events. Not thread-safe: one rollout, one shell.
 */
public final class Shell {
    private static final Set<String> BIN_DIRS = Set.of("/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin");

    private final Machine machine;
    private final Map<String, Command.Spec> commands = Commands.all();

    public Shell(ShellSetup setup, Directory directory, ShellWorld world) {
        this.machine = new Machine(setup, directory, world);
    }

    /** Runs one command line at a model turn; records its effects, then a {@link WorldEvent.CommandRun}. */
    public CommandResult run(String commandLine, int turn, String callId) {
        machine.serve(turn, callId);
        StringBuilder screen = new StringBuilder();
        int status;
        try {
            status = execute(CommandLine.parse(commandLine, machine.setup.home()), screen);
        } catch (CommandLine.SyntaxError e) {
            screen.append(e.getMessage()).append('\n');
            status = 2;
        } catch (RuntimeException e) {
            // A defect in a command must not end the rollout; the model sees a failed command instead.
            screen.append("bash: internal error: ").append(e).append('\n');
            status = 1;
        }
        machine.accountFiles.sync(machine);
        machine.record(new WorldEvent.CommandRun(turn, callId, commandLine, status));
        return new CommandResult(screen.toString(), status);
    }

    /** Every file, absolute path to text, sorted by path. */
    public Map<String, String> files() {
        return machine.fs.files();
    }

    public String cwd() {
        return machine.fs.cwd();
    }

    private int execute(List<Step> steps, StringBuilder screen) {
        int status = 0;
        for (Step step : steps) {
            boolean run = switch (step.connector()) {
                case ALWAYS -> true;
                case AND -> status == 0;
                case OR -> status != 0;
            };
            if (run) status = pipeline(step.pipeline().commands(), screen);
        }
        return status;
    }

    private int pipeline(List<Simple> simples, StringBuilder screen) {
        String input = null;
        int status = 0;
        for (int i = 0; i < simples.size(); i++) {
            boolean last = i == simples.size() - 1;
            StringBuilder pipe = last ? screen : new StringBuilder();
            status = simple(simples.get(i), input, pipe, screen);
            input = pipe.toString();
        }
        return status;
    }

    /** Output redirected into a file, written once the command is done. */
    private record Pending(String path, StringBuilder text, boolean append) {}

    private int simple(Simple simple, String stdin, StringBuilder out, StringBuilder screen) {
        StringBuilder err = screen;
        List<Pending> pending = new ArrayList<>();
        for (Redirect r : simple.redirects()) {
            try {
                switch (r.kind()) {
                    case IN -> stdin = r.target().equals("/dev/null") ? "" : machine.fs.read(r.target());
                    case OUT, APPEND -> out = open(r.target(), r.kind() == CommandLine.RedirectKind.APPEND, pending);
                    case ERR, ERR_APPEND -> err = open(r.target(), r.kind() == CommandLine.RedirectKind.ERR_APPEND, pending);
                    case ERR_TO_OUT -> err = out;
                    case BOTH -> err = out = open(r.target(), false, pending);
                }
            } catch (VirtualFileSystem.FsException e) {
                screen.append("bash: ").append(r.target()).append(": ").append(e.getMessage()).append('\n');
                return 1;
            }
        }
        List<String> argv = new ArrayList<>();
        for (CommandLine.Word w : simple.words()) {
            if (w.glob()) argv.addAll(Glob.expand(w.text(), machine.fs));
            else argv.add(w.text());
        }
        int status = argv.isEmpty() ? 0 : dispatch(argv, stdin, out, err);
        for (Pending p : pending) {
            try {
                machine.fs.write(p.path(), p.text().toString(), true);
                machine.written(p.path(), VirtualFileSystem.bytes(p.text().toString()), p.append());
            } catch (VirtualFileSystem.FsException e) {
                screen.append("bash: ").append(p.path()).append(": ").append(e.getMessage()).append('\n');
                status = 1;
            }
        }
        return status;
    }

    /** Opens a redirection target as bash does before running the command: {@code >} empties it at once. */
    private StringBuilder open(String target, boolean append, List<Pending> pending) throws VirtualFileSystem.FsException {
        StringBuilder buffer = new StringBuilder();
        if (target.equals("/dev/null")) return buffer;
        machine.fs.write(target, "", append);
        pending.add(new Pending(machine.fs.resolve(target), buffer, append));
        return buffer;
    }

    private int dispatch(List<String> argv, String stdin, StringBuilder out, StringBuilder err) {
        String name = argv.getFirst();
        List<String> args = argv.subList(1, argv.size());
        if (name.equals("sudo")) return sudo(args, stdin, out, err);
        if (name.contains("/")) {
            String base = VirtualFileSystem.name(name);
            if (BIN_DIRS.contains(VirtualFileSystem.parent(VirtualFileSystem.normalize(name))) && commands.containsKey(base)) {
                name = base;
            } else {
                // Scripts and binaries are never executed.
                boolean exists = machine.fs.node(name) != null;
                err.append("bash: ").append(name).append(exists ? ": Permission denied\n" : ": No such file or directory\n");
                return exists ? 126 : 127;
            }
        }
        Command.Spec spec = commands.get(name);
        if (spec == null) {
            err.append("bash: ").append(name).append(": command not found\n");
            return 127;
        }
        if (!args.isEmpty() && args.getFirst().equals("--help") && !name.equals("echo")) {
            out.append("Usage: ").append(spec.synopsis()).append('\n');
            return 0;
        }
        Call call = new Call(name, args, stdin, machine, out, err);
        try {
            return spec.command().run(call);
        } catch (Opts.UsageError e) {
            err.append(name).append(": ").append(e.getMessage()).append("\nUsage: ").append(spec.synopsis()).append('\n');
            return 2;
        }
    }

    /** The agent may administer its machine, so sudo just runs the command (no password, no other user). */
    private int sudo(List<String> args, String stdin, StringBuilder out, StringBuilder err) {
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            if (args.get(i).equals("-u") || args.get(i).equals("-g")) i++;
            i++;
        }
        if (i >= args.size()) {
            err.append("usage: sudo COMMAND [ARG...]\n");
            return 1;
        }
        return dispatch(args.subList(i, args.size()), stdin, out, err);
    }
}
