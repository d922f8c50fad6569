package io.mirage.world.shell;

import io.mirage.world.WorldEvent;
import io.mirage.world.shell.Machine.Service;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** systemctl (and {@code service UNIT VERB}) over the units the world declares. */
final class ServiceCommands {
    private static final List<String> CHANGES = List.of("start", "stop", "restart", "enable", "disable", "mask", "unmask");

    private ServiceCommands() {}

    static void register(Consumer<Command.Spec> add) {
        add.accept(new Command.Spec("systemctl", "systemctl [list-units] | status|is-active|is-enabled UNIT... "
                + "| start|stop|restart|enable|disable|mask|unmask [--now] UNIT...", ServiceCommands::systemctl));
        add.accept(new Command.Spec("service", "service UNIT start|stop|restart|status", ServiceCommands::service));
    }

    private static int service(Call c) throws Opts.UsageError {
        if (c.args.size() != 2) throw new Opts.UsageError("expected UNIT and an action");
        return systemctl(c.as("systemctl", List.of(c.args.get(1), c.args.get(0))));
    }

    private static int systemctl(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "qla", "t", "now=n", "quiet=q", "no-pager=l", "all=a", "type=t");
        List<String> ops = o.operands();
        String verb = ops.isEmpty() ? "list-units" : ops.getFirst();
        List<String> units = ops.isEmpty() ? List.of() : ops.subList(1, ops.size()).stream().map(Machine::unit).toList();
        if (verb.equals("list-units") || verb.equals("list-unit-files")) {
            c.println(String.format(Locale.ROOT, "%-32s %-8s %-8s %s", "UNIT", "LOAD", "ACTIVE", "STATE"));
            c.m.services.forEach((unit, s) -> c.println(String.format(Locale.ROOT, "%-32s %-8s %-8s %s", unit,
                    s.masked() ? "masked" : "loaded", s.active() ? "active" : "inactive", s.enabled() ? "enabled" : "disabled")));
            return 0;
        }
        if (verb.equals("daemon-reload")) return 0;
        if (units.isEmpty()) throw new Opts.UsageError("too few arguments");
        return switch (verb) {
            case "status", "is-active", "is-enabled" -> query(c, verb, units, o.has('q'));
            default -> {
                if (!CHANGES.contains(verb)) throw new Opts.UsageError("unknown command verb '" + verb + "'");
                int status = 0;
                for (String unit : units) {
                    status = Math.max(status, change(c, verb, unit));
                    if (status == 0 && o.has('n') && (verb.equals("enable") || verb.equals("disable"))) {
                        status = change(c, verb.equals("enable") ? "start" : "stop", unit);
                    }
                }
                yield status;
            }
        };
    }

    private static int query(Call c, String verb, List<String> units, boolean quiet) {
        int status = 0;
        for (String unit : units) {
            Service s = c.m.services.get(unit);
            if (s == null) {
                if (verb.equals("status")) c.err("Unit " + unit + " could not be found.\n");
                else if (!quiet) c.println(verb.equals("is-active") ? "inactive" : "not-found");
                status = Math.max(status, 4);
                continue;
            }
            if (verb.equals("status")) {
                c.println("● " + unit);
                c.println("     Loaded: " + (s.masked() ? "masked (Reason: Unit " + unit + " is masked.)"
                        : "loaded (/etc/systemd/system/" + unit + "; " + (s.enabled() ? "enabled" : "disabled") + ")"));
                c.println("     Active: " + (s.active() ? "active (running)" : "inactive (dead)"));
            } else if (!quiet) {
                c.println(verb.equals("is-active") ? (s.active() ? "active" : "inactive")
                        : s.masked() ? "masked" : s.enabled() ? "enabled" : "disabled");
            }
            boolean ok = verb.equals("is-enabled") ? s.enabled() && !s.masked() : s.active();
            if (!ok) status = Math.max(status, verb.equals("is-enabled") ? 1 : 3);
        }
        return status;
    }

    private static int change(Call c, String verb, String unit) {
        Service s = c.m.services.get(unit);
        if (s == null) {
            if (verb.equals("enable") || verb.equals("disable") || verb.endsWith("mask")) {
                return c.report(1, "Failed to " + verb + " unit: Unit file " + unit + " does not exist.");
            }
            return c.report(5, "Failed to " + verb + " " + unit + ": Unit " + unit + " not found.");
        }
        if (s.masked() && (verb.equals("start") || verb.equals("restart") || verb.equals("enable"))) {
            return c.report(1, "Failed to " + verb + " " + unit + ": Unit " + unit + " is masked.");
        }
        Service next = switch (verb) {
            case "start", "restart" -> new Service(true, s.enabled(), s.masked());
            case "stop" -> new Service(false, s.enabled(), s.masked());
            case "enable" -> new Service(s.active(), true, s.masked());
            case "disable" -> new Service(s.active(), false, s.masked());
            case "mask" -> new Service(s.active(), false, true);
            default -> new Service(s.active(), s.enabled(), false);
        };
        c.m.services.put(unit, next);
        if (verb.equals("disable") && s.enabled()) c.println("Removed \"/etc/systemd/system/multi-user.target.wants/" + unit + "\".");
        if (verb.equals("enable") && !s.enabled()) {
            c.println("Created symlink /etc/systemd/system/multi-user.target.wants/" + unit + " → /etc/systemd/system/" + unit + ".");
        }
        if (verb.equals("mask")) c.println("Created symlink /etc/systemd/system/" + unit + " → /dev/null.");
        c.m.record(new WorldEvent.ServiceChanged(c.m.turn(), c.m.callId(), unit, verb));
        return 0;
    }
}
