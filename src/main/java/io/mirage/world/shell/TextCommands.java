package io.mirage.world.shell;

import io.mirage.world.shell.VirtualFileSystem.FsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Commands that print and filter text: echo, printf, head, tail, wc (grep is {@link Grep}). */
final class TextCommands {
    private static final Pattern PRINTF_SPEC = Pattern.compile("%([-+ 0#]*\\d*(?:\\.\\d+)?)([sdibf%])");

    private TextCommands() {}

    static void register(Consumer<Command.Spec> add) {
        add.accept(new Command.Spec("echo", "echo [-n] [-e] [TEXT...]", TextCommands::echo));
        add.accept(new Command.Spec("printf", "printf FORMAT [ARG...]   (%s %d %i %f %b %%, \\n \\t)", TextCommands::printf));
        add.accept(new Command.Spec("head", "head [-n N] [FILE...]", c -> headOrTail(c, true)));
        add.accept(new Command.Spec("tail", "tail [-n N|+N] [FILE...]", c -> headOrTail(c, false)));
        add.accept(new Command.Spec("wc", "wc [-l] [-w] [-c] [FILE...]", TextCommands::wc));
    }

    /** Lines of a text; a final newline does not start another line. */
    static List<String> lines(String text) {
        if (text.isEmpty()) return List.of();
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) lines.removeLast();
        return lines;
    }

    private static int echo(Call c) {
        boolean newline = true;
        boolean escapes = false;
        int i = 0;
        while (i < c.args.size() && c.args.get(i).matches("-[neE]+")) {
            String flags = c.args.get(i++);
            if (flags.contains("n")) newline = false;
            if (flags.contains("e")) escapes = true;
            if (flags.contains("E")) escapes = false;
        }
        String text = String.join(" ", c.args.subList(i, c.args.size()));
        c.out((escapes ? unescape(text) : text) + (newline ? "\n" : ""));
        return 0;
    }

    static String unescape(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch != '\\' || i + 1 == text.length()) {
                sb.append(ch);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\' -> sb.append('\\');
                default -> sb.append('\\').append(next);
            }
        }
        return sb.toString();
    }

    private static int printf(Call c) throws Opts.UsageError {
        if (c.args.isEmpty()) throw new Opts.UsageError("missing operand");
        String format = unescape(c.args.getFirst());
        List<String> args = c.args.subList(1, c.args.size());
        int used = 0;
        do {
            int before = used;
            Matcher m = PRINTF_SPEC.matcher(format);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String arg = m.group(2).equals("%") ? "" : used < args.size() ? args.get(used++) : "";
                m.appendReplacement(sb, Matcher.quoteReplacement(formatOne(m.group(1), m.group(2), arg)));
            }
            m.appendTail(sb);
            c.out(sb.toString());
            if (used == before) break;
        } while (used < args.size());
        return 0;
    }

    private static String formatOne(String flags, String conversion, String arg) {
        try {
            return switch (conversion) {
                case "%" -> "%";
                case "d", "i" -> String.format(Locale.ROOT, "%" + flags + "d", arg.isEmpty() ? 0 : Long.parseLong(arg.strip()));
                case "f" -> String.format(Locale.ROOT, "%" + flags + "f", arg.isEmpty() ? 0.0 : Double.parseDouble(arg.strip()));
                case "b" -> unescape(arg);
                default -> String.format(Locale.ROOT, "%" + flags + "s", arg);
            };
        } catch (NumberFormatException | java.util.IllegalFormatException e) {
            return arg;
        }
    }

    private static int headOrTail(Call c, boolean head) throws Opts.UsageError {
        List<String> args = new ArrayList<>();
        for (String a : c.args) {
            if (a.matches("-\\d+")) args.addAll(List.of("-n", a.substring(1)));
            else args.add(a);
        }
        Opts o = Opts.parse(args, "qv", "n", "lines=n");
        String count = o.value('n', "10");
        boolean fromStart = !head && count.startsWith("+");
        int n;
        try {
            n = Integer.parseInt(fromStart ? count.substring(1) : count);
        } catch (NumberFormatException e) {
            throw new Opts.UsageError("invalid number of lines: '" + count + "'");
        }
        List<String> files = o.operands().isEmpty() ? List.of("-") : o.operands();
        int status = 0;
        for (int i = 0; i < files.size(); i++) {
            String f = files.get(i);
            String text;
            try {
                text = f.equals("-") ? (c.stdin == null ? "" : c.stdin) : c.fs().read(f);
            } catch (FsException e) {
                status = c.fail("cannot open '" + f + "' for reading: " + e.getMessage());
                continue;
            }
            if (files.size() > 1 && !o.has('q')) c.out((i > 0 ? "\n" : "") + "==> " + (f.equals("-") ? "standard input" : f) + " <==\n");
            List<String> lines = lines(text);
            int size = lines.size();
            List<String> part = head ? lines.subList(0, Math.min(n, size))
                    : fromStart ? lines.subList(Math.min(size, Math.max(0, n - 1)), size)
                    : lines.subList(Math.max(0, size - n), size);
            part.forEach(c::println);
        }
        return status;
    }

    private static int wc(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "lwcm", "", "lines=l", "words=w", "bytes=c", "chars=m");
        boolean all = !o.has('l') && !o.has('w') && !o.has('c') && !o.has('m');
        List<String> files = o.operands().isEmpty() ? List.of("-") : o.operands();
        long[] total = new long[4];
        int status = 0;
        for (String f : files) {
            String text;
            try {
                text = f.equals("-") ? (c.stdin == null ? "" : c.stdin) : c.fs().read(f);
            } catch (FsException e) {
                status = c.fail(f + ": " + e.getMessage());
                continue;
            }
            long[] counts = {text.chars().filter(ch -> ch == '\n').count(),
                    text.isBlank() ? 0 : text.strip().split("\\s+").length, VirtualFileSystem.bytes(text), text.length()};
            for (int k = 0; k < 4; k++) total[k] += counts[k];
            c.println(row(o, all, counts, f.equals("-") ? "" : f));
        }
        if (files.size() > 1) c.println(row(o, all, total, "total"));
        return status;
    }

    private static String row(Opts o, boolean all, long[] counts, String name) {
        List<String> cells = new ArrayList<>();
        if (all || o.has('l')) cells.add(String.valueOf(counts[0]));
        if (all || o.has('w')) cells.add(String.valueOf(counts[1]));
        if (o.has('m')) cells.add(String.valueOf(counts[3]));
        if (all || o.has('c')) cells.add(String.valueOf(counts[2]));
        return String.join(" ", cells) + (name.isEmpty() ? "" : " " + name);
    }
}
