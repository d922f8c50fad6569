package io.mirage.world.shell;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Who and where: whoami, id, hostname, uname, date (the world's clock), env, true, false. */
final class SystemCommands {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss", Locale.ENGLISH);
    private static final Map<Character, String> DATE_FORMATS = Map.ofEntries(Map.entry('Y', "yyyy"), Map.entry('m', "MM"),
            Map.entry('d', "dd"), Map.entry('H', "HH"), Map.entry('M', "mm"), Map.entry('S', "ss"), Map.entry('F', "yyyy-MM-dd"),
            Map.entry('T', "HH:mm:ss"), Map.entry('a', "EEE"), Map.entry('A', "EEEE"), Map.entry('b', "MMM"),
            Map.entry('B', "MMMM"), Map.entry('y', "yy"), Map.entry('e', "d"), Map.entry('z', "xx"), Map.entry('D', "MM/dd/yy"),
            Map.entry('R', "HH:mm"));

    private SystemCommands() {}

    static void register(Consumer<Command.Spec> add) {
        add.accept(new Command.Spec("whoami", "whoami", c -> print(c, c.m.setup.user())));
        add.accept(new Command.Spec("id", "id", SystemCommands::id));
        add.accept(new Command.Spec("hostname", "hostname", c -> print(c, c.m.setup.hostname())));
        add.accept(new Command.Spec("uname", "uname [-a] [-n] [-r] [-s] [-m]", SystemCommands::uname));
        add.accept(new Command.Spec("date", "date [-u] [-I] [+FORMAT]   (%Y %m %d %H %M %S %F %T %s %a %b %Z ...)", SystemCommands::date));
        add.accept(new Command.Spec("env", "env", SystemCommands::env));
        add.accept(new Command.Spec("printenv", "printenv [NAME]", SystemCommands::env));
        add.accept(new Command.Spec("true", "true", c -> 0));
        add.accept(new Command.Spec("false", "false", c -> 1));
    }

    private static int print(Call c, String line) {
        c.println(line);
        return 0;
    }

    private static int id(Call c) {
        String user = c.m.setup.user();
        String uid = user.equals("root") ? "0" : "1000";
        c.println("uid=" + uid + "(" + user + ") gid=" + uid + "(" + user + ") groups=" + uid + "(" + user + ")"
                + (user.equals("root") ? "" : ",27(sudo)"));
        return 0;
    }

    private static int uname(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "anrsmvpio", "", "all=a");
        if (o.has('a')) return print(c, "Linux " + c.m.setup.hostname() + " 6.8.0-45-generic #45-Ubuntu SMP x86_64 GNU/Linux");
        StringBuilder sb = new StringBuilder();
        if (o.flags().isEmpty() || o.has('s')) sb.append("Linux ");
        if (o.has('n')) sb.append(c.m.setup.hostname()).append(' ');
        if (o.has('r')) sb.append("6.8.0-45-generic ");
        if (o.has('m')) sb.append("x86_64 ");
        return print(c, sb.toString().strip());
    }

    private static int date(Call c) throws Opts.UsageError {
        List<String> formats = c.args.stream().filter(a -> a.startsWith("+")).toList();
        Opts o = Opts.parse(c.args.stream().filter(a -> !a.startsWith("+")).toList(), "uIR", "", "utc=u", "iso-8601=I");
        if (!o.operands().isEmpty()) return c.fail("cannot set the date: Operation not permitted");
        OffsetDateTime now = c.m.now();
        if (o.has('u')) now = now.withOffsetSameInstant(ZoneOffset.UTC);
        if (o.has('I')) return print(c, now.toLocalDate().toString());
        if (o.has('R')) return print(c, DateTimeFormatter.RFC_1123_DATE_TIME.format(now));
        if (!formats.isEmpty()) return print(c, format(formats.getLast().substring(1), now));
        return print(c, DATE.format(now) + " " + zone(now) + " " + now.getYear());
    }

    private static String zone(OffsetDateTime t) {
        return t.getOffset().equals(ZoneOffset.UTC) ? "UTC" : t.getOffset().getId().replace(":", "");
    }

    private static String format(String format, OffsetDateTime t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char ch = format.charAt(i);
            if (ch != '%' || i + 1 == format.length()) {
                sb.append(ch);
                continue;
            }
            char spec = format.charAt(++i);
            String pattern = DATE_FORMATS.get(spec);
            if (pattern != null) sb.append(DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(t));
            else if (spec == 's') sb.append(t.toEpochSecond());
            else if (spec == 'Z') sb.append(zone(t));
            else if (spec == 'n') sb.append('\n');
            else if (spec == '%') sb.append('%');
            else sb.append('%').append(spec);
        }
        return sb.toString();
    }

    /** A fixed environment: the shell's own values, never the host's. */
    private static int env(Call c) {
        Map<String, String> env = new TreeMap<>(Map.of("HOME", c.m.setup.home(), "USER", c.m.setup.user(),
                "LOGNAME", c.m.setup.user(), "SHELL", "/bin/bash", "PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
                "PWD", c.fs().cwd(), "HOSTNAME", c.m.setup.hostname(), "LANG", "C.UTF-8", "TERM", "xterm"));
        if (c.name.equals("printenv") && !c.args.isEmpty()) {
            int status = 0;
            for (String name : c.args) {
                if (env.containsKey(name)) c.println(env.get(name));
                else status = 1;
            }
            return status;
        }
        if (!c.args.isEmpty()) return c.fail(125, "running commands or setting variables is not supported in this shell");
        env.forEach((k, v) -> c.println(k + "=" + v));
        return 0;
    }
}
