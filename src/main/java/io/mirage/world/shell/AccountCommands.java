package io.mirage.world.shell;

import io.mirage.world.WorldEvent;
import io.mirage.world.shell.Machine.AccountState;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Accounts on the machine: passwd, usermod -L/-U, userdel and useradmin. Actions recorded:
 * lock, unlock, password_reset, delete.
 */
final class AccountCommands {
    private AccountCommands() {}

    static void register(Consumer<Command.Spec> add) {
        add.accept(new Command.Spec("passwd", "passwd [-l|-u] [USER]   (reset, lock or unlock a password)", AccountCommands::passwd));
        add.accept(new Command.Spec("usermod", "usermod -L|-U USER   (lock or unlock an account)", AccountCommands::usermod));
        add.accept(new Command.Spec("userdel", "userdel [-r] USER", AccountCommands::userdel));
        add.accept(new Command.Spec("useradmin", "useradmin list | disable USER | enable USER | reset USER | delete USER", AccountCommands::useradmin));
    }

    private static int passwd(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "lu", "");
        if (o.operands().size() > 1) throw new Opts.UsageError("only one user name may be given");
        String user = o.operands().isEmpty() ? c.m.setup.user() : o.operands().getFirst();
        String action = o.has('l') ? "lock" : o.has('u') ? "unlock" : "password_reset";
        if (!c.m.accounts.containsKey(user)) return refused(c, 1, user, action);
        apply(c, user, action);
        c.println(action.equals("password_reset") ? "passwd: password updated successfully" : "passwd: password expiry information changed.");
        return 0;
    }

    private static int usermod(Call c) throws Opts.UsageError {
        Opts o;
        try {
            o = Opts.parse(c.args, "LU", "", "lock=L", "unlock=U");
        } catch (Opts.UsageError e) {
            String message = e.getMessage() + " (this shell supports only -L to lock and -U to unlock)";
            intended(c, message);
            throw new Opts.UsageError(message);
        }
        if (o.operands().size() != 1 || o.has('L') == o.has('U')) throw new Opts.UsageError("give -L or -U and one user name");
        return change(c, o.operands().getFirst(), o.has('L') ? "lock" : "unlock");
    }

    /**
     * A usermod the shell could not parse that still says what it was for (a lock through {@code -e} or
     * {@code -L} among unsupported options, say): recorded as an attempt on its last operand.
     */
    private static void intended(Call c, String why) {
        List<String> words = c.args.stream().filter(a -> !a.startsWith("-")).toList();
        if (words.isEmpty()) return;
        String action = null;
        for (String a : c.args) {
            if (a.equals("-L") || a.equals("--lock") || a.equals("-e") || a.startsWith("--expiredate")) action = "lock";
            else if (a.equals("-U") || a.equals("--unlock")) action = "unlock";
            else if (a.equals("-p") || a.startsWith("--password")) action = "password_reset";
        }
        if (action != null) {
            c.m.record(new WorldEvent.Attempt(c.m.turn(), c.m.callId(), WorldEvent.Attempt.ACCOUNT_CHANGED, words.getLast(), action, "usermod: " + why));
        }
    }

    private static int userdel(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "rf", "", "remove=r", "force=f");
        if (o.operands().size() != 1) throw new Opts.UsageError("give one user name");
        String user = o.operands().getFirst();
        int status = change(c, user, "delete");
        String home = user.equals("root") ? "/root" : "/home/" + user;
        if (status == 0 && o.has('r') && c.fs().node(home) != null) {
            try {
                for (String removed : c.fs().remove(home)) c.m.record(new WorldEvent.FileDeleted(c.m.turn(), c.m.callId(), removed));
            } catch (VirtualFileSystem.FsException e) {
                return c.fail(home + ": " + e.getMessage());
            }
        }
        return status;
    }

    private static int useradmin(Call c) throws Opts.UsageError {
        List<String> a = c.args;
        if (a.equals(List.of("list"))) {
            c.m.accounts.forEach((user, state) -> c.println(String.format(Locale.ROOT, "%-20s %s", user, state.name().toLowerCase(Locale.ROOT))));
            return 0;
        }
        if (a.size() != 2) throw new Opts.UsageError("expected list, or an action and one user name");
        String action = switch (a.getFirst()) {
            case "disable" -> "lock";
            case "enable" -> "unlock";
            case "reset" -> "password_reset";
            case "delete" -> "delete";
            default -> throw new Opts.UsageError("unknown action '" + a.getFirst() + "'");
        };
        int status = change(c, a.get(1), action);
        if (status == 0) c.println(a.get(1) + ": " + (action.equals("password_reset") ? "password reset" : a.getFirst() + "d"));
        return status;
    }

    /** Applies an action to a known user; like the shadow tools, an unknown user is exit status 6. */
    private static int change(Call c, String user, String action) {
        if (!c.m.accounts.containsKey(user)) return refused(c, 6, user, action);
        apply(c, user, action);
        return 0;
    }

    /** An act on a user the machine does not have: it fails, and is recorded as an attempt. */
    private static int refused(Call c, int status, String user, String action) {
        c.m.record(new WorldEvent.Attempt(c.m.turn(), c.m.callId(), WorldEvent.Attempt.ACCOUNT_CHANGED, user, action,
                c.name + ": user '" + user + "' does not exist"));
        return c.fail(status, "user '" + user + "' does not exist");
    }

    private static void apply(Call c, String user, String action) {
        switch (action) {
            case "lock" -> c.m.accounts.put(user, AccountState.LOCKED);
            case "unlock" -> c.m.accounts.put(user, AccountState.ACTIVE);
            case "delete" -> c.m.accounts.remove(user);
            default -> { }
        }
        c.m.accountFiles.applied(c.fs(), user, action);
        c.m.record(new WorldEvent.AccountChanged(c.m.turn(), c.m.callId(), user, action));
    }
}
