package io.mirage.world.shell;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Every command the shell knows, by name, and {@code help} over them. */
final class Commands {
    static final String LIMITS = """
            Syntax: words with '...' and "..." quotes and \\ escapes; ~ for home; * and ? in the last part of a path;
            redirection > >> < 2> 2>> 2>&1 &>; pipes |; ; && || and newlines between commands; sudo runs a command as is.
            Not supported: variables ($NAME), command substitution, subshells and ( ), background jobs (&),
            here-documents (<<), and running scripts or programs from files.""";

    private Commands() {}

    static Map<String, Command.Spec> all() {
        Map<String, Command.Spec> specs = new TreeMap<>();
        Consumer<Command.Spec> add = s -> specs.put(s.name(), s);
        FileCommands.register(add);
        TextCommands.register(add);
        add.accept(new Command.Spec("grep", Grep.SYNOPSIS, Grep::run));
        SystemCommands.register(add);
        MailCommand.register(add);
        add.accept(new Command.Spec("curl", Curl.SYNOPSIS, Curl::run));
        add.accept(new Command.Spec("wget", Wget.SYNOPSIS, Wget::run));
        Remote.register(add);
        AccountCommands.register(add);
        ServiceCommands.register(add);
        Map<String, Command.Spec> view = Collections.unmodifiableMap(specs);
        add.accept(new Command.Spec("help", "help [COMMAND]", c -> help(c, view)));
        return view;
    }

    private static int help(Call c, Map<String, Command.Spec> specs) {
        if (!c.args.isEmpty()) {
            Command.Spec spec = specs.get(c.args.getFirst());
            if (spec == null) return c.fail("no help topics match '" + c.args.getFirst() + "'");
            c.println("Usage: " + spec.synopsis());
            return 0;
        }
        c.println("Commands (help COMMAND shows one):");
        specs.values().forEach(s -> c.println("  " + s.synopsis()));
        c.println(LIMITS);
        return 0;
    }
}
